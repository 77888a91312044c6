// Instruction breakpoints set through the DAP stay in the runtime's list, which arms them in every task seen
// later: a program a loader starts after the request, or a task re-created when time travel re-executes from
// a snapshot taken before it existed (user-level moe starts the programs at run time).
import * as assert from 'assert';
import type { Task } from '../../emulator/kernel/task';
import { setInstructionBreakpoints } from '../../debug-adapter/dap-breakpoints';
import { CodeBreakpoints } from '../../debug-adapter/runtime/code-breakpoints';

/** A task whose address space records the code breakpoints armed in it. */
function fakeTask(id: number): { task: Task; armed: number[] } {
  const armed: number[] = [];
  const as = { addBreakpoint: (va: number) => armed.push(va), removeBreakpoint: () => undefined };
  return { task: { id, as } as unknown as Task, armed };
}

describe('instruction breakpoints through the DAP', () => {
  it('arm in a task first seen after the request', () => {
    let id = 1;
    const changed: Array<[number, boolean]> = [];
    const code = new CodeBreakpoints(() => id++, () => [], (bp) => changed.push([bp.id, bp.verified]));
    const answer = setInstructionBreakpoints(
      [{ instructionReference: '0x08049b77' }, { instructionReference: 'task:9:0x08049b80' }, { instructionReference: 'nonsense' }],
      (specs) => code.setInstructionBreakpoints(specs),
    );
    assert.deepStrictEqual(answer.map((b) => b.verified), [false, false, false], 'no task is known yet');
    assert.match(answer[2].message ?? '', /bad instruction reference/);
    const later = fakeTask(9);
    code.armTask(later.task);
    assert.deepStrictEqual(later.armed, [0x08049b77, 0x08049b80]);
    // the session turns each into a DAP `breakpoint` event with reason `changed`
    assert.deepStrictEqual(changed, [[answer[0].id, true], [answer[1].id, true]], 'both verified when the task appeared, each announced once');
    const other = fakeTask(10);
    code.armTask(other.task);
    assert.deepStrictEqual(other.armed, [0x08049b77], 'a task:<id> reference arms in that task only');
    assert.strictEqual(changed.length, 2, 'a verified breakpoint is not announced again');
  });
});
