// Errors and diagnostics of the boot configuration (modules.lst, Makeconf.boot, module resolution).

export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

/** Machine-readable kinds of problems; the language server uses them for quick fixes and filtering. */
export type BootDiagnosticCode =
  | 'syntax'
  | 'unknown-keyword'
  | 'invalid-in-group'
  | 'outside-entry'
  | 'missing-argument'
  | 'extra-argument'
  | 'unknown-option'
  | 'bad-option'
  | 'unsupported-option'
  | 'malformed-modaddr'
  | 'unknown-group'
  | 'duplicate-entry'
  | 'duplicate-group'
  | 'no-roottask'
  | 'include-missing'
  | 'include-cycle'
  | 'linux-entry'
  | 'makeconf-syntax'
  | 'makeconf-unsupported'
  | 'unknown-entry'
  | 'no-entry'
  | 'module-not-found'
  | 'glob-no-match'
  | 'file-not-found';

/**
 * One problem found in a boot configuration file. `line` and `column` are 1-based; `endColumn` is exclusive
 * (so the range covers columns column .. endColumn-1). The language server converts to 0-based positions.
 */
export interface BootDiagnostic {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  severity: DiagnosticSeverity;
  message: string;
  code: BootDiagnosticCode;
  /** The entry whose lines produced it (undefined: global lines, groups, or the whole file). */
  entry?: string;
  /** The group whose lines produced it. */
  group?: string;
  /** The likely intended text for the diagnostic's range ("did you mean 'module'?"): editors offer it as a quick fix. */
  suggestion?: string;
}

/** A boot configuration that cannot boot. The message is one line: "file:line: what is wrong — what to do". */
export class BootError extends Error {
  file?: string;
  line?: number;
  column?: number;
  code?: BootDiagnosticCode;

  constructor(message: string, where?: { file?: string; line?: number; column?: number; code?: BootDiagnosticCode }) {
    super(message);
    this.name = 'BootError';
    if (where) {
      this.file = where.file;
      this.line = where.line;
      this.column = where.column;
      this.code = where.code;
    }
  }

  /** Turns a diagnostic into the error that stops a boot. */
  static fromDiagnostic(d: BootDiagnostic): BootError {
    return new BootError(`${d.file}:${d.line}: ${d.message}`, { file: d.file, line: d.line, column: d.column, code: d.code });
  }
}
