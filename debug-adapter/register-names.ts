// Register names and EFLAGS bits for the Registers view and the evaluator.

export const GPR_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export const SEGMENT_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;

export const EFLAGS_BITS: ReadonlyArray<[string, number]> = [
  ['CF', 0], ['PF', 2], ['AF', 4], ['ZF', 6], ['SF', 7], ['TF', 8], ['IF', 9], ['DF', 10], ['OF', 11],
];

/** "[ PF ZF IF ]" like gdb. */
export function eflagsText(eflags: number): string {
  const set = EFLAGS_BITS.filter(([, bit]) => eflags & (1 << bit)).map(([n]) => n);
  return `[ ${set.join(' ')} ]`;
}
