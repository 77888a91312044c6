// The rights of the capabilities a ned script holds, as it writes them (`cap:m("rws")`).
import { CAP_RIGHT_D, CAP_RIGHT_R, CAP_RIGHT_S, CAP_RIGHT_W } from '../kernel/abi';

/** Letters of `cap:m("rws")` and their capability rights. */
const RIGHT_LETTERS: Record<string, number> = { r: CAP_RIGHT_R, w: CAP_RIGHT_W, s: CAP_RIGHT_S, d: CAP_RIGHT_D };

/** Rights a new capability has in ned before `:m()` narrows or widens them: read-only, as in L4Re. */
export const DEFAULT_CAP_RIGHTS = CAP_RIGHT_R;
/** The server side of a channel (`chan:svr()`): read, write and the server right. */
export const SERVER_CAP_RIGHTS = CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_S;

/** Parses a rights string such as "rws"; returns an error message for an unknown letter. */
export function parseRights(text: string): number | string {
  let rights = 0;
  for (const ch of text.toLowerCase()) {
    const r = RIGHT_LETTERS[ch];
    if (r === undefined) return `unknown right '${ch}' in "${text}" (use the letters r, w, s, d)`;
    rights |= r;
  }
  return rights;
}

export function rightsText(rights: number): string {
  return Object.entries(RIGHT_LETTERS)
    .filter(([, bit]) => rights & bit)
    .map(([ch]) => ch)
    .join('');
}
