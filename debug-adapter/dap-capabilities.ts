// What the adapter announces in the initialize response: its capabilities and the kernel-event filters (the
// DAP's exception filters; runtime/event-filters.ts implements them).
import { DebugProtocol } from '@vscode/debugprotocol';

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'ipc', label: 'IPC', description: 'Stop at any IPC send, receive, call or reply of a user thread', default: false, supportsCondition: true, conditionDescription: 'e.g. proto == LOG, label == 0x42, dest == srv, kind == call, error != 0' },
  { filter: 'syscall', label: 'System calls', description: 'Stop after every system call (int 0x30) of a user thread', default: false, supportsCondition: true, conditionDescription: 'e.g. proto == FACTORY, dest == srv, slot == 5' },
  { filter: 'pagefault', label: 'Page faults', description: 'Stop when a user thread raises a page fault', default: false, supportsCondition: true, conditionDescription: 'e.g. address >= 0x1000000, write == 1' },
  { filter: 'capfault', label: 'Capability faults', description: 'Stop when a thread invokes an empty capability slot', default: false, supportsCondition: true, conditionDescription: 'e.g. slot == 0x40' },
  { filter: 'exception', label: 'CPU exceptions', description: 'Stop when a thread raises a CPU exception (handled or not)', default: true, supportsCondition: true, conditionDescription: 'e.g. trapno == 13' },
];

export const CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsFunctionBreakpoints: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsEvaluateForHovers: true,
  supportsReadMemoryRequest: true,
  supportsWriteMemoryRequest: true,
  supportsDisassembleRequest: true,
  supportsSteppingGranularity: true,
  supportsInstructionBreakpoints: true,
  supportsDataBreakpoints: true,
  supportsDataBreakpointBytes: true,
  supportsLoadedSourcesRequest: true,
  supportsExceptionInfoRequest: true,
  supportsExceptionOptions: false,
  supportsExceptionFilterOptions: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: true,
  supportsSetVariable: true,
  supportsCompletionsRequest: true,
  supportsStepInTargetsRequest: true,
  supportsGotoTargetsRequest: true,
  supportsValueFormattingOptions: true,
  supportsBreakpointLocationsRequest: true,
  supportsStepBack: true,
  exceptionBreakpointFilters: EXCEPTION_FILTERS,
};
