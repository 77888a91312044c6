// Shared by the DAP tests: the guest workspace (test/debug-adapter/workspace, built once per run into a temp
// copy with the SDK), a DebugClient on the real adapter process, and small request helpers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { buildTree } from '../../sdk/builder';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const ADAPTER = path.join(ROOT, 'out', 'test', 'debug-adapter', 'adapter-process.js');
const WORKSPACE = path.join(ROOT, 'test', 'debug-adapter', 'workspace');

let built: string | undefined;

/** Builds the test workspace once (into a temp dir, so the repository stays clean); returns its root. */
export function testWorkspace(): string {
  if (built) return built;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-dap-ws-'));
  for (const part of ['conf', 'pkg']) fs.cpSync(path.join(WORKSPACE, part), path.join(dir, part), { recursive: true });
  const r = buildTree(dir);
  if (!r.ok) throw new Error(`building the debugger test workspace failed:\n${r.errors.join('\n')}`);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  built = dir;
  return dir;
}

export function modulesList(): string {
  return path.join(testWorkspace(), 'conf', 'modules.lst');
}

export function sourceOf(pkg: string): string {
  return path.join(testWorkspace(), 'pkg', pkg, 'server', 'src', 'main.c');
}

/** The 1-based line of the first line of a package's main.c containing `text`. */
export function lineOf(pkg: string, text: string, nth = 0): number {
  const lines = fs.readFileSync(sourceOf(pkg), 'utf8').split('\n');
  const hits = lines.map((l, i) => (l.includes(text) ? i + 1 : 0)).filter((n) => n > 0);
  assert.ok(hits.length > nth, `${pkg}/main.c has no line containing ${text}`);
  return hits[nth];
}

export interface Session {
  dc: DebugClient;
  /** Every output event so far. */
  outputs: DebugProtocol.OutputEvent[];
  stdout(): string;
  console(): string;
}

export interface DapFixtureOptions {
  /** Build the shared test workspace before the suite (default true); suites on other workspaces say false. */
  workspace?: boolean;
  /** Runs before each client starts, with the test's context: a missing fixture skips the test there. */
  beforeStart?: (ctx: Mocha.Context) => void;
}

export interface DapFixture {
  /** Stops this test's client and starts one on another adapter script; the fixture stops that one after the test. */
  restart(adapter?: string): Promise<Session>;
}

/**
 * The hooks every DAP suite shares: the test workspace built once (its own 2-minute timeout), a fresh
 * DebugClient on the adapter process before each test (handed to `use`), stopped after it.
 */
export function dapSessionFixture(use: (s: Session) => void, opts: DapFixtureOptions = {}): DapFixture {
  let current: Session | undefined;
  if (opts.workspace !== false) {
    before(function () {
      this.timeout(120000);
      testWorkspace();
    });
  }
  beforeEach(async function () {
    opts.beforeStart?.(this);
    current = await startClient();
    use(current);
  });
  afterEach(async () => {
    // A skipped test never started a client: forget the last one, so it is not stopped twice.
    const s = current;
    current = undefined;
    await s?.dc.stop();
  });
  return {
    async restart(adapter = ADAPTER) {
      const old = current;
      current = undefined;
      await old?.dc.stop();
      current = await startClient(adapter);
      use(current);
      return current;
    },
  };
}

/** Starts the adapter process (`adapter`: another adapter script under out/test/debug-adapter). */
export async function startClient(adapter = ADAPTER): Promise<Session> {
  const dc = new DebugClient('node', adapter, 'fiasco');
  // The helpers' own waits (hitBreakpoint, assertStoppedLocation): a boot runs sigma0, moe and l4re first,
  // and a loaded CI machine is slow; a wait that times out still fails the test.
  dc.defaultTimeout = 30000;
  const outputs: DebugProtocol.OutputEvent[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e));
  await dc.start();
  return {
    dc,
    outputs,
    stdout: () => outputs.filter((o) => o.body.category === 'stdout').map((o) => o.body.output).join(''),
    console: () => outputs.filter((o) => o.body.category === 'console').map((o) => o.body.output).join(''),
  };
}

/**
 * Resolves once the guest's stdout so far matches `re`: output events arrive asynchronously (after the
 * stop that follows them, say), so a test awaits the next one instead of polling.
 */
export function stdoutMatching(s: Session, re: RegExp, ms = 10000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (!re.test(s.stdout())) return false;
      s.dc.removeListener('output', check);
      clearTimeout(timer);
      resolve(s.stdout());
      return true;
    };
    // startClient's own listener comes first, so `outputs` already holds the event when `check` runs.
    s.dc.on('output', check);
    const timer = setTimeout(() => {
      s.dc.removeListener('output', check);
      reject(new Error(`stdout never matched ${re} within ${ms} ms: ${JSON.stringify(s.stdout())}`));
    }, ms);
    check();
  });
}

/**
 * Launches an entry of the test workspace; `configure` runs between `initialized` and `configurationDone`
 * (where VS Code sets breakpoints). Resolves with the first stopped event (or undefined if `expectStop` is false).
 */
export async function launch(dc: DebugClient, entry: string, configure?: () => Promise<void>, extra: Record<string, unknown> = {}, expectStop = true): Promise<DebugProtocol.StoppedEvent | undefined> {
  const launched = dc.launch({ modulesList: modulesList(), entry, stopOnEntry: false, ...extra } as DebugProtocol.LaunchRequestArguments);
  await dc.waitForEvent('initialized', 30000);
  if (configure) await configure();
  const stopped = expectStop ? dc.waitForEvent('stopped', 30000) : undefined;
  await dc.configurationDoneRequest();
  await launched;
  return stopped ? ((await stopped) as DebugProtocol.StoppedEvent) : undefined;
}

/** Sends a request that resumes, and waits for the next stop. */
export async function resumeAndStop(dc: DebugClient, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped', 30000);
  await send();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  assert.ok(st.body.stackFrames.length > 0);
  return st.body.stackFrames[0];
}

export async function scopeRefs(dc: DebugClient, frameId: number): Promise<Map<string, number>> {
  const scopes = await dc.scopesRequest({ frameId });
  return new Map(scopes.body.scopes.map((s) => [s.name, s.variablesReference]));
}

export async function vars(dc: DebugClient, ref: number, format?: DebugProtocol.ValueFormat): Promise<DebugProtocol.Variable[]> {
  return (await dc.variablesRequest({ variablesReference: ref, format })).body.variables;
}

export function named(list: DebugProtocol.Variable[], name: string | RegExp): DebugProtocol.Variable {
  const v = list.find((x) => (typeof name === 'string' ? x.name === name : name.test(x.name)));
  assert.ok(v, `no variable ${name} in ${JSON.stringify(list.map((x) => x.name))}`);
  return v;
}

export async function evaluate(dc: DebugClient, expression: string, frameId?: number): Promise<string> {
  return (await dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
}

/**
 * The thread whose name matches. While the guest runs it may not exist yet (a program appears once sigma0,
 * moe and l4re have started it): then ask again, for up to `waitMs` of host time.
 */
export async function threadNamed(dc: DebugClient, re: RegExp, waitMs = 20000): Promise<DebugProtocol.Thread> {
  const until = Date.now() + waitMs;
  for (;;) {
    const threads = (await dc.threadsRequest()).body.threads;
    const t = threads.find((x) => re.test(x.name));
    if (t) return t;
    if (Date.now() > until) assert.fail(`no thread matching ${re} in ${JSON.stringify(threads)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
