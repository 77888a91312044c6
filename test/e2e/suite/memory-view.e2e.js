// The Fiasco Memory view in a real VS Code: opened on hello stopped in main, it shows the task's regions and,
// at main's address, the bytes of the program file; an edit made through the view lands in guest memory.
// The webview reports what it renders; the fiasco.memory.viewState command hands that report to the test.
'use strict';
const fs = require('node:fs');
const { vscode, assert, path, test, waitFor, folder, debugSession } = require('./harness');

/** The file bytes a program's PT_LOAD segments put at [address, address + count), and the address of `symbol`. */
function elfFacts(file, symbol) {
  const b = fs.readFileSync(file);
  const phoff = b.readUInt32LE(0x1c), phentsize = b.readUInt16LE(0x2a), phnum = b.readUInt16LE(0x2c);
  const shoff = b.readUInt32LE(0x20), shentsize = b.readUInt16LE(0x2e), shnum = b.readUInt16LE(0x30);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    sections.push({ type: b.readUInt32LE(at + 4), offset: b.readUInt32LE(at + 16), size: b.readUInt32LE(at + 20), link: b.readUInt32LE(at + 24) });
  }
  const symtab = sections.find((s) => s.type === 2);
  const strtab = sections[symtab.link];
  let address;
  for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 16) {
    const nameAt = strtab.offset + b.readUInt32LE(at);
    const name = b.toString('latin1', nameAt, b.indexOf(0, nameAt));
    if (name === symbol) address = b.readUInt32LE(at + 4);
  }
  const bytesAt = (va, count) => {
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      const [type, offset, vaddr, filesz] = [b.readUInt32LE(at), b.readUInt32LE(at + 4), b.readUInt32LE(at + 8), b.readUInt32LE(at + 16)];
      if (type === 1 && va >= vaddr && va + count <= vaddr + filesz) return b.subarray(offset + va - vaddr, offset + va - vaddr + count);
    }
    throw new Error(`0x${va.toString(16)} is not in a loaded segment of ${file}`);
  };
  return { address, bytesAt };
}

const hexOf = (bytes) => [...bytes].map((x) => x.toString(16).padStart(2, '0')).join(' ');

test('Fiasco Memory shows hello\'s regions and main\'s bytes, and an edit lands in guest memory', async () => {
  const elf = elfFacts(path.join(folder().uri.fsPath, 'bin', 'hello'), 'main');
  assert.ok(elf.address, 'main in the symbol table');
  await debugSession(
    { type: 'fiasco', request: 'launch', name: 'e2e memory', modulesList: '${workspaceFolder}/conf/modules.lst', entry: 'hello', stopOnEntry: true },
    async (seen) => {
      await waitFor('a stopped event', () => seen.find((m) => m.event === 'stopped'), 60000);
      const session = vscode.debug.activeDebugSession;
      await vscode.commands.executeCommand('fiasco.memory.open', { address: elf.address });
      const row = elf.address - (elf.address % 16);
      const state = await waitFor('the view at main with its bytes', async () => {
        const s = await vscode.commands.executeCommand('fiasco.memory.viewState', { address: elf.address });
        return s && s.top === row && s.rows.length > 0 && !s.rows[0].hex.includes('??') ? s : undefined;
      }, 30000);
      console.log(`ok - memory view of ${state.taskName}: ${state.regionLabels.length} regions; row ${row.toString(16)}: ${state.rows[0].hex}`);
      assert.match(state.taskName, /hello/);
      for (const label of ['.text', '.data', 'stack', 'UTCB of hello', 'KIP (kernel info page)']) {
        assert.ok(state.regionLabels.some((l) => l.startsWith(label)), `region ${label} in ${JSON.stringify(state.regionLabels)}`);
      }
      assert.strictEqual(state.rows[0].hex, hexOf(elf.bytesAt(row, 16)), 'the bytes at main are the file\'s');
      assert.ok(state.rows.some((r) => r.label === '.text'), 'the .text label on the rows');

      // An edit through the view: a .data byte changes in the guest (read back through the adapter).
      const layout = await session.customRequest('fiasco/memory/regions', { taskId: state.taskId });
      const data = layout.regions.find((r) => r.name === '.data' || r.name === '.bss');
      await vscode.commands.executeCommand('fiasco.memory.open', { address: data.start });
      await waitFor('the view at .data', async () => {
        const s = await vscode.commands.executeCommand('fiasco.memory.viewState', { address: data.start });
        return s && s.top === data.start - (data.start % 16) && !s.rows[0].hex.includes('??') ? s : undefined;
      }, 30000);
      await vscode.commands.executeCommand('fiasco.memory.edit', { address: data.start, hex: '5a a5' });
      await waitFor('the edit in guest memory', async () => {
        const r = await session.customRequest('readMemory', { memoryReference: `task:${state.taskId}:0x${data.start.toString(16)}`, count: 2 });
        return hexOf(Buffer.from(r.data, 'base64')) === '5a a5';
      }, 10000);
      // The adapter's memory event makes the view read again: it shows the new bytes.
      const after = await waitFor('the view showing the edit', async () => {
        const s = await vscode.commands.executeCommand('fiasco.memory.viewState');
        return s && s.rows[0].hex.slice(3 * (data.start % 16)).startsWith('5a a5') ? s : undefined;
      }, 10000);
      assert.strictEqual(after.taskId, state.taskId);
    },
  );
});
