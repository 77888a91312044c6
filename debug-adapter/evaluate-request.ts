// evaluate (Debug Console, watch, hover) in a thread's frame: first the simple forms of ExpressionEvaluator
// (registers, symbols, typed memory reads, C variables as the Locals view shows them), then the C-like
// expression language (operators, casts, conditions).
import { DebugProtocol } from '@vscode/debugprotocol';
import type { Thread } from '../emulator/kernel/thread';
import { evaluateExpression, formatExpressionValue } from './c-expression';
import type { StackFrameInfo } from './debug-info/unwinder';
import { EvaluationError, ExpressionEvaluator } from './expression-evaluator';
import { encodeMemoryReference } from './memory-reference';
import { imagesOf } from '../emulator/kernel/task-images';
import { RequestError } from './request-errors';
import type { DebugRuntime } from './runtime/debug-runtime';
import { VariableViews } from './variable-views';

export interface EvaluationContext {
  runtime: DebugRuntime;
  thread: Thread;
  frame?: StackFrameInfo;
  index: number;
  hex: boolean;
  /** The session's variable views: a local named alone comes back expandable under one of its handles. */
  views?: VariableViews;
}

const IDENTIFIER = /^\s*([A-Za-z_]\w*)\s*$/;

export function evaluateInFrame(expression: string, ctx: EvaluationContext): DebugProtocol.EvaluateResponse['body'] {
  const { runtime, thread } = ctx;
  const frame = ctx.frame ?? runtime.unwind(thread, 1)[0];
  const info = runtime.debugInfo(thread.task, frame?.pc);
  const symbols = imagesOf(thread.task).flatMap((i) => i.elf.symbols());
  const localText = (name: string): string | undefined => {
    if (!info || !frame || !info.variablesAt(ctx.index === 0 ? frame.pc : frame.pc - 1).some((v) => v.name === name)) return undefined;
    // A throw-away views object, so that evaluation does not grow the session's variable handles.
    const scratch = new VariableViews(() => runtime.machine?.kernel, runtime.received);
    const locals = scratch.scopes(thread, frame, ctx.index, info).find((s) => s.name === 'Locals');
    return locals ? scratch.variables(locals.variablesReference, { hex: false }).find((v) => v.name === name)?.value : undefined;
  };
  const alone = IDENTIFIER.exec(expression)?.[1];
  const local = alone && ctx.views && info && frame ? ctx.views.local(thread, frame, ctx.index, info, alone, { hex: ctx.hex }) : undefined;
  if (local && local.variablesReference > 0) {
    return { result: local.value, type: local.type, variablesReference: local.variablesReference, memoryReference: local.memoryReference };
  }
  try {
    const r = new ExpressionEvaluator(thread, frame, info, symbols, localText).evaluate(expression);
    return { result: r.text, variablesReference: 0, memoryReference: r.address !== undefined ? encodeMemoryReference(thread.task.id, r.address) : undefined };
  } catch (first) {
    try {
      const v = evaluateExpression(expression, runtime.environment(thread, frame, ctx.index));
      // Conditions keep unknown names as names to compare with (`dest == srv`); alone, one is a typo, not a value.
      if (v.kind === 'name' && !/^\s*"/.test(expression)) throw new RequestError(2002, unknownIdentifier(v.name));
      return { result: formatExpressionValue(v, ctx.hex), variablesReference: 0, memoryReference: v.kind === 'number' ? encodeMemoryReference(thread.task.id, v.n >>> 0) : undefined };
    } catch (e) {
      if (e instanceof RequestError) throw e;
      throw new RequestError(2002, first instanceof EvaluationError ? first.message : (e as Error).message);
    }
  }
}

function unknownIdentifier(name: string): string {
  return `unknown identifier "${name}": not a register, local variable, global, symbol or console command here`;
}
