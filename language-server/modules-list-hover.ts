// Hover texts for modules.lst: what a keyword or option does, where a module file was found (path, size, ELF type,
// entry point), which module a rom/NAME names, what an entry or group holds.

import * as path from 'path';
import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { keywordInfo } from '../emulator/boot/modules-list-keywords';
import { entryRomNames, specKey } from './modules-list-analysis';
import type { ModulesListAnalysis, ResolvedModule } from './modules-list-analysis';
import { itemAt } from './modules-list-locate';
import { formatSize, moduleFileInfo } from './module-file-info';
import { toRange } from './lsp-ranges';

/** What each option means (the keyword table lists which options a keyword takes). */
export const OPTION_DOCS: Record<string, string> = {
  'no-defaults': 'Do not use the default kernel, sigma0 and roottask for this entry; name them yourself.',
  glob: 'The file name is a shell pattern; every matching file becomes a module.',
  perl: 'The argument is a Perl expression returning module names (not supported by Fiasco Studio).',
  shell: 'The argument is a shell command printing one module per line (not supported by Fiasco Studio).',
  uncompress: 'Uncompress the module when building the boot image.',
  nostrip: 'Keep the symbols of the program (do not strip it).',
  fname: 'fname=NAME: the name of the module in the ROM file system (rom/NAME) instead of its basename.',
  'attr:': 'attr:KEY=VALUE: attach an attribute to the module (passed to bootstrap).',
  'no-shlib-scan': 'Do not add the shared libraries the program needs.',
  arch: 'arch=A|B: use this line only when building for one of these architectures (Fiasco Studio: x86).',
  bits: 'bits=32|64: use this line only for this word size (Fiasco Studio: 32).',
};

const BUILTIN_DOCS: Record<string, string> = {
  fiasco: 'the Fiasco.OC-style microkernel, implemented in TypeScript by the emulator',
  sigma0: 'the root pager role, built into the emulator',
  moe: 'the root task role (memory allocator, parent, `--init`), built into the emulator',
  ned: 'the ned init role (runs Lua scripts), built into the emulator',
  l4re: 'the in-task region manager (l4re kernel), built into the emulator',
  bootstrap: 'the boot loader role, built into the emulator',
};

export function optionDoc(key: string): string | undefined {
  const k = key.toLowerCase();
  return OPTION_DOCS[k.startsWith('attr:') ? 'attr:' : k];
}

export function describeModule(a: ModulesListAnalysis, r: ResolvedModule): string {
  const spec = r.spec;
  const lines = [`**${spec.role}** \`${spec.file.text}\` — rom/${spec.romName}${spec.fromGroup ? ` (from group ${spec.fromGroup})` : ''}`, ''];
  switch (r.kind) {
    case 'builtin':
      lines.push(`Built in: ${BUILTIN_DOCS[r.builtin ?? ''] ?? 'a component of the emulator'}; no file is needed.`);
      break;
    case 'missing':
      lines.push('**Not found** on the module search path:', '', ...a.searchDirs.map((d) => `- ${d}`));
      break;
    case 'glob':
      lines.push(r.paths.length ? `Pattern matching ${r.paths.length} file(s):` : 'Pattern matching no file.', '', ...r.paths.map((p) => `- ${p}`));
      break;
    case 'file': {
      const info = moduleFileInfo(r.paths[0]);
      lines.push(`Path: \`${r.paths[0]}\``);
      if (info) {
        lines.push('', `Size: ${formatSize(info.size)}`, '', `Type: ${info.description}`);
        if (info.entry !== undefined) lines.push('', `Entry point: 0x${info.entry.toString(16).padStart(8, '0')}`);
        if (info.problem) lines.push('', `Problem: ${info.problem}`);
      }
      break;
    }
  }
  if (spec.args) lines.push('', `Arguments: \`${spec.args}\``);
  return lines.join('\n');
}

export function modulesListHover(a: ModulesListAnalysis, line: number, column: number): Hover | undefined {
  const item = itemAt(a, a.file, line, column);
  if (!item) return undefined;
  const md = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: toRange(item.range) });
  switch (item.kind) {
    case 'keyword': {
      const info = keywordInfo(item.statement.name);
      if (!info) return md(`\`${item.statement.keyword.text}\` is not a modules.list keyword.`);
      return md([`\`\`\`\n${info.syntax}\n\`\`\``, info.description, info.legacy ? '_2013 spelling._' : ''].filter(Boolean).join('\n\n'));
    }
    case 'option': {
      const doc = optionDoc(item.option.key);
      return doc ? md(`**${item.option.key}** — ${doc}`) : md(`\`${item.option.key}\` is not an option of \`${item.statement.name}\`.`);
    }
    case 'module':
      return md(describeModule(a, item.resolved));
    case 'rom': {
      const e = item.entry;
      if (!e) return md(`rom/${item.ref.name}: a boot module named ${item.ref.name}.`);
      const m = e.modules.find((s) => (a.modules.get(specKey(s))?.romNames ?? [s.romName]).includes(item.ref.name));
      if (!m) return md(`rom/${item.ref.name}: **no module of entry "${e.name}" is called ${item.ref.name}** (modules: ${[...entryRomNames(a, e)].join(', ') || 'none'})`);
      const r = a.modules.get(specKey(m));
      return md(`rom/${item.ref.name} → ${path.basename(m.statement.file)}:${m.statement.line}\n\n${r ? describeModule(a, r) : ''}`);
    }
    case 'entry-name': {
      const e = item.entry;
      const names = [...entryRomNames(a, e)];
      const root = e.roottask ?? (e.noDefaults ? undefined : a.document.defaults.roottask);
      return md([`**entry ${e.name}**`, `roottask: \`${root ? `${root.file.text} ${root.args}`.trim() : 'moe (default)'}\``, `modules: ${names.join(', ') || 'none'}`].join('\n\n'));
    }
    case 'group-name':
    case 'group-ref': {
      const g = item.kind === 'group-name' ? item.group : a.document.groups.get(item.name);
      if (!g) return md(`Unknown group \`${item.kind === 'group-ref' ? item.name : ''}\`.`);
      return md(`**group ${g.name}** (${path.basename(g.statement.file)}:${g.statement.line})\n\nmodules: ${g.modules.map((m) => m.romName).join(', ') || 'none'}`);
    }
    case 'include':
      return md(`include \`${item.path}\` → \`${item.resolved ?? '?'}\``);
    case 'searchpath':
      return md(`Module search directory \`${path.resolve(a.workspaceRoot, item.dir)}\`\n\nSearch path in order:\n\n${a.searchDirs.map((d) => `- ${d}`).join('\n')}`);
    case 'modaddr': {
      const v = /^0x[0-9a-f]+$/i.test(item.text) ? parseInt(item.text.slice(2), 16) : /^\d+$/.test(item.text) ? parseInt(item.text, 10) : undefined;
      return md(v === undefined ? 'Not a number.' : `Modules are loaded at RAM start + 0x${v.toString(16)} (${v} bytes, ${(v / 1048576).toFixed(2)} MiB).`);
    }
  }
}
