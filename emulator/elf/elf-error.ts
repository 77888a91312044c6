/**
 * A problem with an ELF file that the user can fix (wrong file, wrong architecture, truncated or corrupt file).
 * `file` is the file name as given, `field` the ELF field at fault (e.g. "e_ident[EI_CLASS]", "program header 2"),
 * and the message is complete and one line, starting with the file name.
 */
export class ElfError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ElfError';
  }
}
