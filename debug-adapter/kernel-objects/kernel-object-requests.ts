// The custom requests of the Kernel Objects tree and the Capability Graph:
//   fiasco/kernelObjects/snapshot   → KernelSnapshot (snapshot-model.ts) of the running or stopped system
//   fiasco/kernelObjects/focusThread { threadId } → { focused } ; while stopped, re-announces the stop on that
//     thread so VS Code selects it in the Call Stack (the extension API cannot set the focused thread).
import { registerCustomRequest } from '../custom-requests';
import { RequestError } from '../request-errors';
import { kernelSnapshot } from './kernel-snapshot';

registerCustomRequest('fiasco/kernelObjects/snapshot', (_args, ctx) => {
  const machine = ctx.runtime.machine;
  if (!machine) throw new RequestError(1401, 'no system is booted');
  return kernelSnapshot(machine.kernel, ctx.runtime.isRunning);
});

registerCustomRequest('fiasco/kernelObjects/focusThread', (args, ctx) => {
  const threadId = (args as { threadId?: unknown } | undefined)?.threadId;
  if (typeof threadId !== 'number') throw new RequestError(1402, 'fiasco/kernelObjects/focusThread: threadId must be a number');
  const t = ctx.runtime.thread(threadId);
  if (!t || !t.alive) throw new RequestError(1403, `fiasco/kernelObjects/focusThread: no thread ${threadId}`);
  if (ctx.runtime.isRunning || !ctx.runtime.currentStop) return { focused: false };
  ctx.sendEvent('stopped', { reason: 'pause', description: `Selected ${t.name} in Kernel Objects`, threadId, allThreadsStopped: true, preserveFocusHint: false });
  return { focused: true };
});
