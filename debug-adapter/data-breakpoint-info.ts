// dataBreakpointInfo: what a data breakpoint on a variable, a UTCB word, a capability slot or an address
// expression would watch, as the dataId setDataBreakpoints takes back.
import { DebugProtocol } from '@vscode/debugprotocol';
import type { Thread } from '../emulator/kernel/thread';
import { evaluateExpression } from './c-expression';
import { describeTarget, encodeDataId, WatchTarget } from './data-watchpoints';
import type { StackFrameInfo } from './debug-info/unwinder';
import { decodeMemoryReference } from './memory-reference';
import type { DebugRuntime } from './runtime/debug-runtime';
import type { VariableViews } from './variable-views';

export interface DataBreakpointInfoContext {
  views: VariableViews;
  runtime: DebugRuntime;
  /** The thread (and frame) an address expression is evaluated in. */
  thread?: Thread;
  frame?: StackFrameInfo;
}

export function dataBreakpointInfo(args: DebugProtocol.DataBreakpointInfoArguments, ctx: DataBreakpointInfoContext): DebugProtocol.DataBreakpointInfoResponse['body'] {
  const none = (why: string) => ({ dataId: null, description: why });
  let found: { target: WatchTarget; description: string } | undefined;
  if (args.variablesReference) {
    found = ctx.views.watchTarget(args.variablesReference, args.name);
    if (!found) return none(`${args.name} has no fixed address to watch`);
  } else {
    const t = ctx.thread;
    if (!t) return none('no thread to resolve the address in');
    let ref = decodeMemoryReference(args.name, t.task.id);
    if (!ref && !args.asAddress) {
      try {
        const v = evaluateExpression(args.name.startsWith('&') || /^(0x|\d)/.test(args.name) ? args.name : `&${args.name}`, ctx.runtime.environment(t, ctx.frame));
        if (v.kind === 'number') ref = { taskId: t.task.id, address: v.n >>> 0 };
      } catch (e) {
        return none(`cannot watch "${args.name}": ${(e as Error).message}`);
      }
    }
    if (!ref) return none(`"${args.name}" is not an address`);
    const size = Math.max(1, Math.min(args.bytes ?? 4, 64));
    const target: WatchTarget = { kind: 'memory', taskId: ref.taskId, address: ref.address, size };
    found = { target, description: describeTarget(target, ctx.runtime.taskById(ref.taskId)) };
  }
  return { dataId: encodeDataId(found.target), description: found.description, accessTypes: ['read', 'write', 'readWrite'], canPersist: false };
}
