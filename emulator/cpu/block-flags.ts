// Lazy-flag records held back inside a compiled block. An ALU template without carry-in computes its operands
// and result into the block's locals fa/fb/fx and hands its record (the assignments of c.lop, c.la, c.lb, c.lr,
// c.lsz, c.lazy) to compileBlock, which emits it only where the flags can be observed: before a template or
// handler that reads or partly updates them, at every exit of the block, and before every call of a Cpu memory
// method (which may fault: EFLAGS at a fault must be exact). A record that the next flag-setting template
// replaces is never emitted.

/** Templates that read the lazy flags or change only some of them: the pending record must be in the Cpu first. */
const READS_FLAGS = /\bc\.(cond|getCF|flags|lazy|lop|la|lb|lr|lsz|materialize|getEflags|setFlagBits)\b/;
/** Calls of the Cpu methods that may fault, as block-registers.ts finds them. */
const MEMORY_CALL = /\bc\.(rd8|rd16|rd32|rdw|rd|wr8|wr16|wr32|wr)\(/;

export class PendingFlags {
  /** The held-back assignments (they read the locals fa/fb/fx, which nothing else writes meanwhile). */
  record: string[] | undefined = undefined;
  /**
   * When set, the record is pending only while this expression is true: a loop's head holds back the record of
   * the previous iteration's last flag setter, which does not exist in the first iteration (`done !== 0`).
   */
  guard: string | undefined = undefined;

  /** The record as statements, kept pending (for an exit path). */
  statements(): string {
    if (this.record === undefined) return '';
    const s = this.record.join('; ') + '; ';
    return this.guard === undefined ? s : `if (${this.guard}) { ${s}} `;
  }

  /** The record as a list of assignments for a comma expression (before a faulting call). */
  assignments(): string[] {
    if (this.record === undefined) return [];
    return this.guard === undefined ? this.record : [`${this.guard} && (${this.record.join(', ')})`];
  }

  /**
   * Statements to emit before template `js` (undefined: a handler call): the record, when `js` reads the flags,
   * is a handler, or overwrites fa/fb before one of its memory calls (the record reads them).
   */
  before(js: string | undefined): string {
    if (this.record === undefined) return '';
    // A template that may skip its setResultFlags (a shift by CL of 0) must find the flags recorded.
    const maySet = js !== undefined && js.includes('c.setResultFlags(') && js.includes('if (');
    if (js === undefined || READS_FLAGS.test(js) || maySet || memoryCallAfterOperands(js)) {
      const s = this.statements();
      this.record = this.guard = undefined;
      return s;
    }
    return '';
  }

  /** After template `js`, which held back `record` (or undefined). */
  after(js: string | undefined, record: string[] | undefined): void {
    // setResultFlags replaces every flag the record describes, unless the template may skip it (a shift by 0).
    const replaced = js !== undefined && js.includes('c.setResultFlags(') && !js.includes('if (');
    if (record !== undefined || replaced) {
      this.record = record;
      this.guard = undefined;
    }
  }
}

/** Whether a memory call of `js` comes after it assigned fb (fa already replaced). */
function memoryCallAfterOperands(js: string): boolean {
  const fb = js.indexOf('fb = ');
  if (fb < 0) return false;
  return MEMORY_CALL.test(js.slice(fb));
}
