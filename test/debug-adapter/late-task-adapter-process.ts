// The adapter for one lazy-verification test: adapter-process.ts plus one custom request, `startLateProgram`,
// that starts a second program in the running machine (as a root task on its own sigma0 role) at a moment the
// test chooses. A boot configuration can do the same with a ned script that waits (`app:wait()`), which
// dap-ned-late-task.test.ts covers.
import { DebugProtocol } from '@vscode/debugprotocol';
import { FiascoDebugSession } from '../../debug-adapter/fiasco-debug-session';
import type { Machine } from '../../emulator/machine';
import { startRootTask } from '../../emulator/l4re/root-task';
import { Sigma0 } from '../../emulator/l4re/sigma0';

class LateTaskSession extends FiascoDebugSession {
  protected override customRequest(command: string, response: DebugProtocol.Response, args: { name: string; path: string }): void {
    if (command !== 'startLateProgram') return super.customRequest(command, response, args);
    const machine = this['machine'] as Machine | undefined;
    if (!machine) {
      this.sendErrorResponse(response, 9100, 'not launched');
      return;
    }
    startRootTask(machine.kernel, new Sigma0(machine.kernel), args.name, args.path, [args.name]);
    this.sendResponse(response);
  }
}

const session = new LateTaskSession();
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
