// The wire format between the user-level ned (servers/pkg/ned, C) and its Lua coprocessor
// (lua-coprocessor.ts). The C side has the same numbers in servers/pkg/ned/server/src/lua_coprocessor.h.

/** The IPC label ned calls the coprocessor with (private to this pair: "Lu"). */
export const LUA_COPROCESSOR_PROTO = 0x4c75;

/** The capability slot in moe's initial space where the boot puts the coprocessor when ned is ours. */
export const MOE_LUA_COPROCESSOR_SLOT = 0x0e;

/** What ned asks (MR0). */
export const LUA_OP = {
  /** MR1 = n, MR2.. = n bytes of the script, appended. */
  LOAD: 1,
  /** MR1..MR7 = ned's capabilities log, factory, mem_alloc, scheduler, icu, parent, rom; MR8.. = the script's
   * name and its arguments, each NUL-terminated. Runs the script up to its first request. */
  RUN: 2,
  /** MR1 = the result of the last request (>= 0 a value such as a capability index, < 0 an L4 error). */
  RESUME: 3,
  /** MR1 = offset: MR0 = n, MR1.. = n bytes of the pending request's payload from there. */
  READ: 4,
  /** MR1 = a program's number (START's result), MR2 = its exit value: ned tells each exit it serves. */
  EXITED: 5,
  /** ned could not hand the script over (it printed why): the script is over before it ran. */
  NOT_RUN: 6,
} as const;

/** What the script wants next (the answer's MR0; MR1 = payload length, MR2.. its first bytes). */
export const LUA_REQ = {
  /** The script ended. */
  DONE: 0,
  /** The script failed; payload: "file:line: message". ned prints it and stops running the script. */
  FAILED: 1,
  /** payload: text for ned's log (Lua print). */
  PRINT: 2,
  /** A new IPC gate; the result is its capability index. */
  NEW_CHANNEL: 3,
  /** Start a program; payload (words and NUL-terminated strings): argc, ncaps, log cap (-1: make one from
   * tag and colour), tag, colour, argv[argc], then ncaps times (cap, rights, name). The result is the
   * program's number (for WAIT). */
  START: 4,
  /** factory:create(); payload: factory cap, protocol, nargs, then per argument a type word (0 integer,
   * 1 string) and the integer or the string. The result is the new object's capability index. */
  CREATE: 5,
  /** The script used up its turn; ned resumes it (with 0) when it is scheduled again. */
  CONTINUE: 6,
  /** app:wait(); payload: the program's number. ned answers once the program has exited: its exit value.
   * (A program ned already reported by EXITED is not asked for: the script gets its value at once.) */
  WAIT: 7,
} as const;

/** Payload bytes one answer carries in MR2..MR62. */
export const LUA_CHUNK_BYTES = 240;
