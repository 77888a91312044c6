// One rendering of rights everywhere the debugger shows them (Capabilities view and `caps`, the Invocation view
// of a kernel frame, typed items of a message): L4's letters, r w s (always, `-` when absent) then d and n when
// set. Object rights per the ABI (spec §7.1): W 1, S 2, R 4, D 8; 0x10 is the no-reference-count ("n") flag.
// Memory flexpages have their own bits (X 1, W 2, R 4) and read `rwx`.
import { CAP_RIGHT_D, CAP_RIGHT_R, CAP_RIGHT_S, CAP_RIGHT_W } from '../emulator/kernel/abi';

/** The no-reference-count flag of an object flexpage / capability (L4_FPAGE_C_NO_REF_CNT). */
const CAP_FLAG_N = 0x10;

/** `rws`, `r--`, `rwsd`, `rwsdn`: the rights of an object capability. */
export function rightsString(rights: number): string {
  return (rights & CAP_RIGHT_R ? 'r' : '-') + (rights & CAP_RIGHT_W ? 'w' : '-') + (rights & CAP_RIGHT_S ? 's' : '-')
    + (rights & CAP_RIGHT_D ? 'd' : '') + (rights & CAP_FLAG_N ? 'n' : '');
}

/** `rws (0x7)`: the letters with the raw bits, where the raw value is useful (detail views). */
export function rightsWithHex(rights: number): string {
  return `${rightsString(rights)} (0x${(rights >>> 0).toString(16)})`;
}

/** `rw-`, `r-x`: the rights of a memory flexpage (R 4, W 2, X 1). */
export function memoryRightsString(rights: number): string {
  return (rights & 4 ? 'r' : '-') + (rights & 2 ? 'w' : '-') + (rights & 1 ? 'x' : '-');
}
