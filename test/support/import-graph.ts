import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The import graph of the repository's TypeScript sources, and the circles in it. An edge is `type` when the
 * import is erased by the compiler (`import type`, `import('x').T`): such a circle cannot break module
 * initialisation, but it still ties the two files together, so both kinds count as circles.
 */
export interface ImportEdge {
  from: string;
  to: string;
  kind: 'runtime' | 'type';
}

const SOURCE_FOLDERS = ['emulator', 'debug-adapter', 'cli', 'language-server', 'extension', 'sdk', 'bench', 'test'];

/** All .ts files below the source folders of `root` (relative paths with forward slashes). */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'out') walk(rel);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const d of SOURCE_FOLDERS) if (fs.existsSync(path.join(root, d))) walk(d);
  return out.sort();
}

/** The relative imports of one file, resolved to repository paths; package imports are left out. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const edges: ImportEdge[] = [];
  const add = (spec: string, kind: ImportEdge['kind']): void => {
    if (!spec.startsWith('.')) return;
    const target = resolve(root, path.posix.join(path.posix.dirname(file), spec));
    if (target) edges.push({ from: file, to: target, kind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, importIsTypeOnly(node) ? 'type' : 'runtime');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly ? 'type' : 'runtime');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, 'type');
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0].text, 'runtime');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node.isTypeOnly ? 'type' : 'runtime');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x'`: run for its side effects
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const named = clause.namedBindings;
  return !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function resolve(root: string, spec: string): string | undefined {
  for (const candidate of [`${spec}.ts`, `${spec}/index.ts`]) if (fs.existsSync(path.join(root, candidate))) return path.posix.normalize(candidate);
  return undefined;
}

/** Strongly connected components with more than one file (or a file importing itself), each sorted. */
export function stronglyConnected(nodes: string[], edges: ImportEdge[]): string[][] {
  const next = adjacency(edges);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  // Iterative Tarjan, so a long import chain cannot overflow the stack.
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = next.get(top.node) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.node);
        if (comp.length > 1 || succ.includes(top.node)) out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The elementary circles inside one component, shortest first, each starting at its smallest file; at most
 * `limit` of them (a large component has very many).
 */
export function circlesIn(component: string[], edges: ImportEdge[], limit = 50): string[][] {
  const members = new Set(component);
  const next = adjacency(edges.filter((e) => members.has(e.from) && members.has(e.to)));
  const found = new Map<string, string[]>();
  // Breadth-first from every member back to itself finds the shortest circle through each edge first.
  for (const start of component) {
    const queue: string[][] = [[start]];
    while (queue.length && found.size < limit * 4) {
      const p = queue.shift()!;
      if (p.length > 12) break;
      for (const w of next.get(p[p.length - 1]) ?? []) {
        if (w === start) {
          const key = canonical(p);
          if (!found.has(key)) found.set(key, rotate(p));
        } else if (!p.includes(w) && w > start) queue.push([...p, w]);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.length - b.length || a.join().localeCompare(b.join())).slice(0, limit);
}

function rotate(cycle: string[]): string[] {
  let m = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i] < cycle[m]) m = i;
  return [...cycle.slice(m), ...cycle.slice(0, m)];
}

function canonical(cycle: string[]): string {
  return rotate(cycle).join(' -> ');
}

function adjacency(edges: ImportEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    next.set(e.from, list);
  }
  return next;
}

/** Whether every step of the circle is a runtime import (one that stays in the compiled JavaScript). */
export function isRuntimeCircle(cycle: string[], edges: ImportEdge[]): boolean {
  return cycle.every((from, i) => {
    const to = cycle[(i + 1) % cycle.length];
    return edges.some((e) => e.from === from && e.to === to && e.kind === 'runtime');
  });
}

/** The whole repository's graph. */
export function importGraph(root: string): { files: string[]; edges: ImportEdge[] } {
  const files = sourceFiles(root);
  return { files, edges: files.flatMap((f) => importsOf(root, f)) };
}

// `node out/test/support/import-graph.js [root]` prints every circle: components, then their elementary circles.
if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '..'));
  const { files, edges } = importGraph(root);
  const components = stronglyConnected(files, edges);
  console.log(`${files.length} files, ${edges.length} imports, ${components.length} circular components`);
  for (const comp of components) {
    console.log(`\ncomponent of ${comp.length} files:`);
    for (const c of circlesIn(comp, edges)) console.log(`  ${isRuntimeCircle(c, edges) ? 'runtime' : 'type   '}  ${[...c, c[0]].join(' -> ')}`);
  }
  const runtime = stronglyConnected(files, edges.filter((e) => e.kind === 'runtime'));
  console.log(`\n${runtime.length} component(s) joined by runtime imports alone (load-order circles)`);
  for (const comp of runtime) console.log(`  ${comp.join(' ')}`);
}
