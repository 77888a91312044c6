// Reads the variable assignments of an L4Re-style package Makefile
// (`TARGET = hello`, `SRC_C += a.c`, `PKGDIR ?= ../..`). Rules, includes and
// conditionals are ignored: the SDK build needs only the variables.

export type MakeVars = Map<string, string>;

const ASSIGNMENT = /^\s*(?:override\s+|export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*(\?=|::=|:=|\+=|=)\s*(.*)$/;

/** Joins backslash continuations and strips comments. */
function logicalLines(text: string): string[] {
  const joined = text.replace(/\r\n/g, '\n').replace(/\\\n/g, ' ');
  return joined.split('\n').map((line) => {
    const hash = line.search(/(?<!\\)#/);
    return hash >= 0 ? line.slice(0, hash) : line;
  });
}

export function parseMakefileVars(text: string): MakeVars {
  const vars: MakeVars = new Map();
  for (const line of logicalLines(text)) {
    // Lines starting with a tab are recipe lines, not assignments.
    if (line.startsWith('\t')) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const [, name, op, rawValue] = m;
    const value = rawValue.trim();
    switch (op) {
      case '?=':
        if (!vars.has(name)) vars.set(name, value);
        break;
      case '+=': {
        const old = vars.get(name);
        vars.set(name, old ? `${old} ${value}` : value);
        break;
      }
      case ':=':
      case '::=':
        vars.set(name, expandMakeVars(value, vars));
        break;
      default:
        vars.set(name, value);
    }
  }
  return vars;
}

/** Expands $(NAME) and ${NAME} references; unknown names expand to ''. */
export function expandMakeVars(value: string, vars: MakeVars, depth = 0): string {
  if (depth > 20) return value;
  return value.replace(/\$[({]([A-Za-z_][A-Za-z0-9_.\-]*)[)}]/g, (_all, name: string) =>
    expandMakeVars(vars.get(name) ?? '', vars, depth + 1));
}

/** The expanded value split into words. */
export function makeWords(vars: MakeVars, name: string): string[] {
  const v = vars.get(name);
  if (v === undefined) return [];
  return expandMakeVars(v, vars).split(/\s+/).filter((w) => w.length > 0);
}
