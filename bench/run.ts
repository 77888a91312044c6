// `npm run bench`: one run of every measurement, printed as the Markdown table docs/performance.md keeps
// (`--doc` rewrites that table in place). Nothing here is asserted; the machine is noisy, so quote ratios from
// one run. Options: `--quick` (compiled tier only), `--only a,b` (payload names), `--part cpu,ipc,boot,dap,memory,time-travel`
// (some sections only; never with `--doc`), `--doc`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { guestOracle, guestOracleMissingReason } from '../test/support/guest-oracle';
import { CPU_TIERS, CpuTier, PayloadRow, geomean, runCpuPayloads } from './cpu-payloads';
import { IpcResult, buildIpcWorkspace, measureIpc } from './ipc-roundtrip';
import { inProcessBootMs, processBootTimes } from './boot-time';
import { DapLatency, measureDap, median, p90 } from './dap-latency';
import { HostMemory, measureHostMemoryInChild } from './host-memory';
import { V86Result, runV86Payloads } from './v86-payloads';
import { measureTimeTravel, timeTravelTable } from './time-travel';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'performance.md');
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

const f1 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1));
const f2 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));

function cpuTable(rows: PayloadRow[], tierList: CpuTier[], v86: V86Result | undefined): string[] {
  const mips = (r: PayloadRow, s: number | undefined) => (s === undefined ? undefined : r.instructions / s / 1e6);
  const v86Mips = (r: PayloadRow) => {
    const s = v86?.seconds.get(r.name);
    return s === undefined ? undefined : r.instructions / s / 1e6;
  };
  const out = [
    `| payload | M instructions | ${tierList.map((t) => `${t} MIPS`).join(' | ')} | native | qemu-i386 | v86 |`,
    `|---|---:|${tierList.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  for (const r of rows) {
    out.push(`| ${r.name}${r.ok ? '' : ' (MISMATCH)'} | ${f1(r.instructions / 1e6)} | ${tierList.map((t) => f1(mips(r, r.tierSeconds[t]))).join(' | ')} | ` +
      `${f1(mips(r, r.nativeSeconds))} | ${f1(mips(r, r.qemuSeconds))} | ${f1(v86Mips(r))} |`);
  }
  const gm = (pick: (r: PayloadRow) => number | undefined) => {
    const xs = rows.map(pick);
    return xs.every((x) => x !== undefined && x > 0) && xs.length > 0 ? geomean(xs as number[]) : undefined;
  };
  out.push(`| **geomean** | | ${tierList.map((t) => `**${f1(gm((r) => mips(r, r.tierSeconds[t])))}**`).join(' | ')} | ` +
    `**${f1(gm((r) => mips(r, r.nativeSeconds)))}** | **${f1(gm((r) => mips(r, r.qemuSeconds)))}** | **${f1(gm(v86Mips))}** |`);
  const best: CpuTier = tierList.includes('compiled') ? 'compiled' : tierList[tierList.length - 1];
  const ratio = (other: (r: PayloadRow) => number | undefined) => gm((r) => {
    const o = other(r), ours = mips(r, r.tierSeconds[best]);
    return o === undefined || ours === undefined ? undefined : ours / o;
  });
  out.push('', `Ratios of the ${best} tier (geomean of per-payload ratios): ` +
    `**${f2(ratio((r) => mips(r, r.qemuSeconds)))}× qemu-i386**, ${f2(ratio((r) => mips(r, r.nativeSeconds)))}× native, ${f2(ratio(v86Mips))}× v86.` +
    ' Native and qemu-i386 times include process start; MIPS for them are our instruction count over their time.');
  if (tierList.includes('compiled, breakpoint set') && tierList.includes('compiled')) {
    const kept = gm((r) => {
      const a = mips(r, r.tierSeconds['compiled, breakpoint set']), b = mips(r, r.tierSeconds.compiled);
      return a === undefined || b === undefined ? undefined : a / b;
    });
    out.push('', `With a breakpoint set but not hit in the page of the hot code, the compiled tier keeps **${kept === undefined ? '-' : Math.round(kept * 100)} %** of its speed (geomean; goal ≥ 90 %).`);
  }
  if (v86?.note) out.push('', `v86: ${v86.note}`);
  return out;
}

function ipcTable(results: IpcResult[]): string[] {
  return [
    '| IPC (call + reply_and_wait) | round trips | host µs per round trip | round trips per second | guest instructions per round trip |',
    '|---|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.entry} | ${r.rounds} | ${f2(r.microsecondsPerRoundTrip)} | ${Math.round(1e6 / r.microsecondsPerRoundTrip)} | ${Math.round(r.guestInstructions / r.rounds)} |`),
  ];
}

function dapTable(results: DapLatency[]): string[] {
  const blocked = results.find((r) => r.blockedMs)?.blockedMs;
  return [
    '| DAP over | launch → first stop (ms) | line step median / p90 (ms) | Continue → IPC stop median / p90 (ms) |',
    '|---|---:|---:|---:|',
    ...results.map((r) => `| ${r.transport} | ${Math.round(r.launchToStopMs)} | ${f1(median(r.stepMs))} / ${f1(p90(r.stepMs))} | ` +
      `${f1(median(r.continueToIpcMs))} / ${f1(p90(r.continueToIpcMs))} |`),
    ...(blocked ? ['', `Inline adapter (in the bench's process, as in the extension host): the event loop's longest delay was ` +
      `${f1(blocked.launch)} ms during the launch, ${f1(blocked.step)} ms during the steps and ${f1(blocked.continue)} ms during the continues ` +
      '(`monitorEventLoopDelay`, 1 ms resolution; goal: never more than 16 ms).'] : []),
  ];
}

function memoryTable(m: HostMemory): string[] {
  return [
    '| host memory | |',
    '|---|---:|',
    `| one booted machine (${m.guestMiB} MiB of guest RAM, ${m.tasksSmall} tasks) | ${f1(m.bytesPerMachine / (1024 * 1024))} MiB |`,
    `| per MiB of guest RAM (the machine's over ${m.guestMiB}, fixed costs included) | ${f1(m.bytesPerMachine / m.guestMiB / 1024)} KiB |`,
    `| per task (${m.tasksSmall} vs ${m.tasksLarge} tasks) | ${f1(m.bytesPerTask / 1024)} KiB |`,
  ];
}

/** Sections of the table and their `--part` names. */
const PARTS: Record<string, string> = { CPU: 'cpu', IPC: 'ipc', 'Boot of the hello entry': 'boot', Debugger: 'dap', 'Host memory': 'memory', 'Time travel': 'time-travel' };
let selectedParts: string[] = [];

async function section(name: string, lines: string[], work: () => Promise<string[]> | string[]): Promise<void> {
  if (selectedParts.length > 0 && !selectedParts.includes(PARTS[name])) return;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    lines.push(`### ${name}`, '', ...(await work()), '');
  } catch (e) {
    lines.push(`### ${name}`, '', `failed: ${(e as Error).message}`, '');
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const writeDoc = argv.includes('--doc');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : [];
  const partAt = argv.indexOf('--part');
  selectedParts = partAt >= 0 ? (argv[partAt + 1] ?? '').split(',').filter(Boolean) : [];
  const unknown = selectedParts.filter((p) => !Object.values(PARTS).includes(p));
  if (unknown.length > 0) throw new Error(`--part: unknown ${unknown.join(', ')} (known: ${Object.values(PARTS).join(', ')})`);
  if (writeDoc && selectedParts.length > 0) throw new Error('--doc rewrites the whole table: run it without --part');
  const tierList: CpuTier[] = quick ? ['compiled'] : (Object.keys(CPU_TIERS) as CpuTier[]);
  const oracle = guestOracle();
  const cpu = os.cpus();
  const lines = [
    `Run of ${new Date().toISOString().slice(0, 10)} on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; oracle: ${oracle ? oracle.description : `none (${guestOracleMissingReason()})`}.`,
    '',
  ];
  await section('CPU', lines, async () => {
    if (oracle === undefined) throw new Error(`no i386 oracle: ${guestOracleMissingReason()}`);
    const rows = runCpuPayloads(oracle, tierList, only, (l) => process.stderr.write(`  ${l}\n`));
    if (rows.some((r) => !r.ok)) process.exitCode = 1;
    const v86 = await runV86Payloads(rows.map((r) => r.name), (l) => process.stderr.write(`  ${l}\n`));
    for (const r of rows) {
      const printed = v86.output.get(r.name);
      if (printed !== undefined && printed !== r.reference) {
        v86.seconds.delete(r.name);
        v86.note = `${v86.note ? `${v86.note}; ` : ''}${r.name} printed ${JSON.stringify(printed)}, the oracle ${JSON.stringify(r.reference)}`;
      }
    }
    return cpuTable(rows, tierList, v86);
  });
  await section('IPC', lines, () => {
    const w = buildIpcWorkspace();
    try {
      return ipcTable([measureIpc(w.modulesList, 'same-task'), measureIpc(w.modulesList, 'cross-task')]);
    } finally {
      w.cleanup();
    }
  });
  await section('Boot of the hello entry', lines, async () => {
    const proc = await processBootTimes();
    const inside = inProcessBootMs();
    return [`\`fiasco run --entry hello\`, process start → the hello program's \`hello\`: **${Math.round(proc.helloMs)} ms**, → the first output ` +
      `(sigma0's greeting): ${Math.round(proc.firstMs)} ms (best of 5 each); inside a warm process, Machine.boot → \`hello\`: ` +
      `${f1(inside.helloMs)} ms (${inside.helloInstructions} guest instructions), → the first output: ${f1(inside.ms)} ms (${inside.instructions}).`];
  });
  await section('Debugger', lines, async () => dapTable([await measureDap('stdio'), await measureDap('tcp'), await measureDap('inline')]));
  await section('Time travel', lines, () => timeTravelTable(measureTimeTravel(2e8, [1e8, 1e9], (l) => process.stderr.write(`  ${l}\n`))));
  await section('Host memory', lines, () => memoryTable(measureHostMemoryInChild(path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst'),
    { entry: 'sleep', marker: 'l4_sleep(' }, { entry: 'client-server', marker: 'client: 1 squared' })));
  const table = lines.join('\n');
  console.log(table);
  if (writeDoc) {
    const doc = fs.readFileSync(DOC, 'utf8');
    const a = doc.indexOf(BEGIN), b = doc.indexOf(END);
    if (a < 0 || b < a) throw new Error(`${DOC}: markers ${BEGIN} … ${END} not found`);
    fs.writeFileSync(DOC, `${doc.slice(0, a + BEGIN.length)}\n${table}\n${doc.slice(b)}`);
    process.stderr.write(`bench: wrote ${path.relative(ROOT, DOC)}\n`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
