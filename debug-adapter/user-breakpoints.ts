// What the user asked for at a breakpoint: its condition, hit count and log message, and the decision whether a
// hit stops, logs, or runs on. Line, function and instruction breakpoints share this.
import { evaluateExpression, ExpressionEnvironment, ExpressionError, formatExpressionValue, isTrue } from './c-expression';

export type UserBreakpointKind = 'line' | 'function' | 'instruction';

export interface UserBreakpoint {
  id: number;
  kind: UserBreakpointKind;
  verified: boolean;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  /** The hit number of the last hit decided (HitHistory keeps the counts by clock). */
  hits: number;
  message?: string;
  /** A problem with the condition or hit count, shown even when the breakpoint is verified. */
  problem?: string;
  /** line breakpoints */
  file?: string;
  line?: number;
  resolvedLine?: number;
  /** function breakpoints */
  name?: string;
  /** function breakpoints written `image!name`: only images whose file is named so. */
  imageName?: string;
  /**
   * Which images a line or function breakpoint binds in: the programs of the boot when one of them has code
   * for it, else the L4Re servers (sigma0, moe, l4re, ned); undefined: wherever code appears.
   */
  scope?: 'program' | 'server';
  /** instruction breakpoints: task id (undefined: every task) and address */
  taskId?: number;
  address?: number;
}

export type HitOutcome = { kind: 'skip' } | { kind: 'stop' } | { kind: 'log'; text: string } | { kind: 'error'; message: string };

/**
 * A hit condition: `N` or `>= N` (stop from the Nth hit on), `== N`, `> N`, `< N`, `<= N`, `% N` (every Nth).
 * Throws on anything else, so setBreakpoints can say what is wrong.
 */
export function parseHitCondition(text: string): (hits: number) => boolean {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ExpressionError(`hit count "${text}" is not understood — use N, >= N, == N, > N, < N or % N`);
  const k = Number(m[2]);
  switch (m[1]) {
    case '==': return (h) => h === k;
    case '>': return (h) => h > k;
    case '<': return (h) => h < k;
    case '<=': return (h) => h <= k;
    case '%': return (h) => k > 0 && h % k === 0;
    default: return (h) => h >= k;
  }
}

/** Replaces each `{expression}` of a log message by its value. */
export function interpolateLogMessage(message: string, env: ExpressionEnvironment, hex: boolean): string {
  return message.replace(/\{([^{}]+)\}/g, (_m, expr: string) => {
    try {
      return formatExpressionValue(evaluateExpression(expr, env), hex);
    } catch (e) {
      return `<${(e as Error).message}>`;
    }
  });
}

/**
 * Decides what one hit does; counts it when the condition holds. `count` numbers the hit (HitHistory.hit: by
 * the clock, so the count follows time travel); without it the breakpoint's own counter goes up.
 */
export function decideHit(bp: UserBreakpoint, env: ExpressionEnvironment, hex: boolean, count: () => number = () => bp.hits + 1): HitOutcome {
  if (bp.condition && bp.condition.trim() !== '') {
    try {
      if (!isTrue(evaluateExpression(bp.condition, env))) return { kind: 'skip' };
    } catch (e) {
      // Like gdb: a condition that cannot be evaluated stops, and says why.
      return { kind: 'error', message: `breakpoint ${bp.id}: condition "${bp.condition}" cannot be evaluated: ${(e as Error).message}` };
    }
  }
  bp.hits = count();
  if (bp.hitCondition && bp.hitCondition.trim() !== '') {
    try {
      if (!parseHitCondition(bp.hitCondition)(bp.hits)) return { kind: 'skip' };
    } catch (e) {
      return { kind: 'error', message: (e as Error).message };
    }
  }
  if (bp.logMessage !== undefined && bp.logMessage !== '') return { kind: 'log', text: interpolateLogMessage(bp.logMessage, env, hex) };
  return { kind: 'stop' };
}

/** Validates a condition's syntax early (names are resolved only when it is hit). */
export function checkConditionSyntax(condition: string | undefined): string | undefined {
  if (!condition || condition.trim() === '') return undefined;
  try {
    evaluateExpression(condition, { identifier: () => ({ kind: 'number', n: 0 }), addressOf: () => 0, readMemory: (_a, size) => new Uint8Array(size) });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
