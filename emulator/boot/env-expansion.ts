// `${NAME}` expansion in modules.lst paths (include, searchpath), as the real tool does with the environment.

export interface ExpansionResult {
  text: string;
  /** Names that were referenced but not set (they expand to nothing). */
  missing: string[];
}

export function expandEnv(text: string, env: Record<string, string | undefined>): ExpansionResult {
  const missing: string[] = [];
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) missing.push(name);
    return v ?? '';
  });
  return { text: out, missing };
}
