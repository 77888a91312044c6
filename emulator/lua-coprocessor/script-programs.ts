/**
 * The programs a ned script started, as its coprocessor knows them: their numbers (START's results) and the
 * exit values ned reports (LUA_OP.EXITED). From them come app:wait() of a program that is already gone and the
 * boot's exit status: that of the first program the script started.
 */
export class ScriptPrograms {
  /** The first program's number; undefined until a start succeeded. */
  private first?: number;
  /** Exit values by program number, as ned reported them. */
  private readonly exitValues = new Map<number, number>();
  /** The script ended or failed. */
  private over = false;

  started(program: number): void {
    this.first ??= program;
  }

  get anyStarted(): boolean {
    return this.first !== undefined;
  }

  exited(program: number, value: number): void {
    this.exitValues.set(program, value);
  }

  /** The exit value of a program that has exited; undefined while it runs. */
  exitValue(program: number): number | undefined {
    return this.exitValues.get(program);
  }

  scriptOver(): void {
    this.over = true;
  }

  /**
   * The boot's exit status: the first program's exit value once it exited; 1 when the script is over without
   * having started a program (it failed, or started nothing); undefined while neither is known.
   */
  get bootExitStatus(): number | undefined {
    if (this.first !== undefined) return this.exitValue(this.first);
    return this.over ? 1 : undefined;
  }
}
