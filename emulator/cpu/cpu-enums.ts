// Register, segment, stop-reason and exception-vector numbering shared by the CPU and its users.
export enum Reg { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI }
export enum SegReg { ES, CS, SS, DS, FS, GS }
// Watchpoint stays last so that the older reasons keep their numbers.
export enum StopReason { Budget, Interrupt, Fault, Breakpoint, Sysenter, Watchpoint }
export enum Vector { DE = 0, DB = 1, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, GP = 13, PF = 14, MF = 16, AC = 17, XM = 19 }
export interface SegmentDescriptorLookup { (selector: number): { base: number; limit: number } | undefined }
