// What the status bar item says about a running system (extension/status-bar.ts). Kept free of `vscode` so it
// can be unit-tested; the snapshot comes from the adapter (debug-adapter/status-requests.ts).
import type { StatusSnapshot } from '../debug-adapter/status-requests';

const STATE_ICONS: Record<StatusSnapshot['state'], string> = {
  starting: '$(loading~spin)',
  running: '$(play)',
  stopped: '$(debug-pause)',
  ended: '$(debug-stop)',
};

/** Fixed grouping (not the host's locale): the same run reads the same everywhere. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Emulated time in the largest unit that keeps it readable: 850 µs, 12.345 ms, 3.210 s. */
export function formatEmulatedTime(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(3)} ms`;
  return `${(us / 1_000_000).toFixed(3)} s`;
}

export function statusBarText(s: StatusSnapshot): string {
  const parts = [
    `${STATE_ICONS[s.state]} L4 ${s.state}`,
    `${s.threads.total} ${s.threads.total === 1 ? 'thread' : 'threads'} (${s.threads.ready} ready, ${s.threads.blocked} blocked)`,
    `${groupDigits(s.instructions)} instr`,
    formatEmulatedTime(s.emulatedMicroseconds),
  ];
  if (s.mips !== undefined) parts.push(`${s.mips.toFixed(1)} MIPS`);
  return parts.join(' · ');
}

export function statusBarTooltip(s: StatusSnapshot): string {
  return [
    `Fiasco system: ${s.state}`,
    `Threads: ${s.threads.total} alive — ${s.threads.ready} ready (able to run; the emulated CPU runs one at a time), ${s.threads.blocked} blocked`,
    `Retired instructions: ${groupDigits(s.instructions)}`,
    `Emulated time: ${formatEmulatedTime(s.emulatedMicroseconds)} (the kernel clock: instructions, plus idle time)`,
    s.mips !== undefined ? `Speed: ${s.mips.toFixed(1)} million guest instructions per host second` : undefined,
    'Click for actions',
  ].filter((l) => l !== undefined).join('\n');
}
