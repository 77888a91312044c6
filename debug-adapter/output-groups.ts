// Guest output on the Debug Console: each task's output is its own group, named after the task. A group stays
// open only while output streams in; anything else written to the console (a stop, a REPL answer) closes it
// first, so that VS Code does not file the user's console commands inside the last task's group.
import { OutputEvent } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import type { Task } from '../emulator/kernel/task';

export class OutputGroups {
  private openTask?: Task;

  constructor(private readonly send: (event: DebugProtocol.Event) => void) {}

  /** A new run: no group is open. */
  reset(): void {
    this.openTask = undefined;
  }

  close(): void {
    if (this.openTask) this.send(groupEvent('', 'end'));
    this.openTask = undefined;
  }

  programOutput(task: Task, text: string): void {
    if (this.openTask !== task) {
      if (this.openTask) this.send(groupEvent('', 'end'));
      this.send(groupEvent(task.name, 'start'));
      this.openTask = task;
    }
    const ev = new OutputEvent(text, 'stdout') as DebugProtocol.OutputEvent;
    ev.body.data = { task: task.name };
    this.send(ev);
  }
}

function groupEvent(label: string, group: 'start' | 'end'): DebugProtocol.OutputEvent {
  const ev = new OutputEvent(label ? `${label}\n` : '', 'console') as DebugProtocol.OutputEvent;
  ev.body.group = group;
  return ev;
}
