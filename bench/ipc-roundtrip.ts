// IPC round trips: a client's l4_ipc_call answered by a server's l4_ipc_reply_and_wait, between two threads
// of one task and between two tasks (connected by ned through an IPC gate). The guests are built with the SDK
// at bench time; the host time of the loop is taken between the guest's "go" and "done" lines, so boot and
// build are not counted.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../emulator/machine';
import { buildTree } from '../sdk/builder';

export const IPC_ROUNDS = 200000;

const COMMON = `#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/util/util.h>
#include <stdio.h>

enum { ROUNDS = ${IPC_ROUNDS} };

static void serve(void)
{
  l4_utcb_t *u = l4_utcb();
  l4_umword_t label;
  l4_ipc_wait(u, &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_utcb_mr()->mr[0] += 1;
      l4_ipc_reply_and_wait(u, l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
    }
}

static int call_rounds(l4_cap_idx_t server)
{
  l4_umword_t x = 0;
  printf("ipc-bench: go\\n");
  for (unsigned i = 0; i < ROUNDS; ++i)
    {
      l4_utcb_mr()->mr[0] = x;
      l4_msgtag_t tag = l4_ipc_call(server, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
      if (l4_ipc_error(tag, l4_utcb()))
        {
          printf("ipc-bench: error %lu\\n", l4_ipc_error(tag, l4_utcb()));
          return 1;
        }
      x = l4_utcb_mr()->mr[0];
    }
  printf("ipc-bench: done %lu\\n", x);
  return 0;
}
`;

const LOCAL = `${COMMON}
#include <pthread.h>
#include <pthread-l4.h>

static void *server_thread(void *arg)
{
  (void)arg;
  serve();
  return 0;
}

int main(void)
{
  pthread_t s;
  pthread_create(&s, 0, server_thread, 0);
  return call_rounds(pthread_l4_cap(s));
}
`;

const SERVER = `${COMMON}
int main(void)
{
  l4_cap_idx_t gate = l4re_env_get_cap("channel");
  if (l4_error(l4_ipc_gate_bind_thread(gate, l4re_env()->main_thread, 0x10)) < 0)
    return 1;
  serve();
  return 0;
}
`;

const CLIENT = `${COMMON}
int main(void)
{
  l4_cap_idx_t server = l4re_env_get_cap("channel");
  /* The server may not have bound the gate yet. */
  l4_utcb_mr()->mr[0] = 0;
  while (l4_ipc_error(l4_ipc_call(server, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER), l4_utcb()) == L4_IPC_ENOT_EXISTENT)
    l4_sleep(1);
  return call_rounds(server);
}
`;

const CFG = `local L4 = require("L4")
local ld = L4.default_loader
local channel = ld:new_channel()
ld:start({ caps = { channel = channel:svr() } }, "rom/ipc-bench-server")
ld:start({ caps = { channel = channel } }, "rom/ipc-bench-client")
`;

const MODULES = `modaddr 0x01100000

entry same-task
roottask moe --init=rom/ipc-bench-local
module l4re
module ipc-bench-local

entry cross-task
roottask moe rom/ipc-bench.cfg
module l4re
module ned
module ipc-bench.cfg
module ipc-bench-server
module ipc-bench-client
`;

function writePackage(root: string, name: string, source: string, libs = ''): void {
  const dir = path.join(root, 'pkg', name, 'server', 'src');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.c'), source);
  fs.writeFileSync(path.join(dir, 'Makefile'), `TARGET = ${name}\nSRC_C = main.c\n${libs ? `REQUIRES_LIBS = ${libs}\n` : ''}`);
}

/** Builds the three guests into a temporary workspace; returns its modules.lst. */
export function buildIpcWorkspace(): { modulesList: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-ipc-bench-'));
  writePackage(root, 'ipc-bench-local', LOCAL, 'libpthread');
  writePackage(root, 'ipc-bench-server', SERVER);
  writePackage(root, 'ipc-bench-client', CLIENT);
  fs.mkdirSync(path.join(root, 'conf'));
  fs.writeFileSync(path.join(root, 'conf', 'modules.lst'), MODULES);
  fs.writeFileSync(path.join(root, 'conf', 'ipc-bench.cfg'), CFG);
  fs.writeFileSync(path.join(root, 'conf', 'Makeconf.boot'), 'MODULE_SEARCH_PATH = bin:conf\n');
  const r = buildTree(root);
  if (!r.ok) throw new Error(`building the IPC bench guests failed:\n${r.errors.join('\n')}`);
  return { modulesList: path.join(root, 'conf', 'modules.lst'), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export interface IpcResult {
  entry: string;
  rounds: number;
  hostSeconds: number;
  guestInstructions: number;
  /** Host microseconds per call + reply. */
  microsecondsPerRoundTrip: number;
}

/** Boots one entry and times the loop between the guest's "go" and "done" lines; `observe` may listen to the machine. */
export function measureIpc(modulesList: string, entry: 'same-task' | 'cross-task', observe?: (m: Machine) => void): IpcResult {
  const machine = Machine.boot({ modulesList, entry });
  observe?.(machine);
  let text = '';
  let go: bigint | undefined, done: bigint | undefined;
  let goInsns = 0, doneInsns = 0;
  machine.events.on('output', (e) => {
    text += e.text;
    if (go === undefined && text.includes('ipc-bench: go')) {
      go = process.hrtime.bigint();
      goInsns = machine.retiredInstructions;
    }
    if (done === undefined && /ipc-bench: (done|error)/.test(text)) {
      done = process.hrtime.bigint();
      doneInsns = machine.retiredInstructions;
    }
  });
  while (done === undefined) {
    const r = machine.runSlice(1_000_000);
    if (r.kind === 'ended' || machine.retiredInstructions > 5e9) break;
  }
  if (go === undefined || done === undefined || !text.includes(`ipc-bench: done ${IPC_ROUNDS}`)) {
    throw new Error(`${entry}: the IPC bench did not finish as expected; output:\n${text}`);
  }
  const hostSeconds = Number(done - go) / 1e9;
  return { entry, rounds: IPC_ROUNDS, hostSeconds, guestInstructions: doneInsns - goInsns, microsecondsPerRoundTrip: (hostSeconds * 1e6) / IPC_ROUNDS };
}

/**
 * `node out/bench/ipc-roundtrip.js --trace`: the round trip bare, with the debugger's IPC trace recording (what the
 * adapter always does: debug-adapter/runtime/ipc-trace.ts), and with a sequence chart subscribed (the throttled
 * change notification armed on every event, as sequence-chart-requests.ts does).
 */
if (require.main === module && process.argv.includes('--trace')) {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { IpcTrace } = require('../debug-adapter/runtime/ipc-trace') as typeof import('../debug-adapter/runtime/ipc-trace');
  const w = buildIpcWorkspace();
  try {
    for (const entry of ['same-task', 'cross-task'] as const) {
      const bare = measureIpc(w.modulesList, entry);
      const recorded = measureIpc(w.modulesList, entry, (m) => new IpcTrace().attach(m));
      let notifications = 0;
      const charted = measureIpc(w.modulesList, entry, (m) => {
        const trace = new IpcTrace();
        trace.attach(m);
        let timer: ReturnType<typeof setTimeout> | undefined;
        trace.onRecorded = () => {
          if (timer) return;
          timer = setTimeout(() => {
            timer = undefined;
            notifications++;
          }, 250);
          timer.unref();
        };
      });
      const f = (r: IpcResult) => `${r.microsecondsPerRoundTrip.toFixed(2)} µs`;
      console.log(`${entry}: bare ${f(bare)}, trace recording ${f(recorded)}, chart subscribed ${f(charted)} per round trip (${IPC_ROUNDS} rounds; ${notifications} notifications)`);
    }
  } finally {
    w.cleanup();
  }
}
