// The IPC sequence chart's model and drawing, in Node: lanes grouped by task, filters, lookups by clock, the
// overview past the detail limit, hit testing, the Perfetto (Chrome trace) and SVG exports; and the adapter's
// trace ring on a real boot.
import * as assert from 'assert';
import * as path from 'path';
import type { TraceBatch, TraceEvent, TraceThread } from '../../debug-adapter/sequence-chart-protocol';
import { IpcTrace } from '../../debug-adapter/runtime/ipc-trace';
import { Machine } from '../../emulator/machine';
import { chromeTrace } from '../../extension/views/sequence-chart/chart-export';
import { followView } from '../../extension/views/sequence-chart/chart-follow';
import { ChartModel } from '../../extension/views/sequence-chart/chart-model';
import { SvgPainter } from '../../extension/views/sequence-chart/chart-painter';
import { axisLabels, ChartView, DARK_THEME, DETAIL_LIMIT, fitView, formatClock, hitTest, paintChart } from '../../extension/views/sequence-chart/chart-render';

const THREADS: TraceThread[] = [
  { id: 5, name: 'srv:main', shortName: 'main', task: 4, taskName: 'srv' },
  { id: 7, name: 'cli:main', shortName: 'main', task: 6, taskName: 'cli' },
  { id: 8, name: 'cli:helper', shortName: 'helper', task: 6, taskName: 'cli' },
  { id: 3, name: 'moe:main', shortName: 'main', task: 2, taskName: 'moe' },
];

function ev(seq: number, clock: number, kind: TraceEvent['kind'], thread: number, to?: number, extra: Partial<TraceEvent> = {}): TraceEvent {
  return { seq, clock, kind, thread, to, label: `${kind} ${seq}`, detail: '', ...extra };
}

function batch(events: TraceEvent[], boot = 1): TraceBatch {
  return { boot, first: 0, next: events.length ? events[events.length - 1].seq + 1 : 0, events, threads: THREADS, instructionsPerMicrosecond: 100, clock: events.length ? events[events.length - 1].clock : 0 };
}

const SAMPLE = [
  ev(0, 100, 'call', 7, 5, { protocol: 'L4RE_DATASPACE', label: 'Dataspace map', sendClock: 100 }),
  ev(1, 150, 'kernel', 5, 0, { protocol: 'LOG', label: 'Log write "hi"', sendClock: 150 }),
  ev(2, 200, 'reply', 5, 7, { protocol: 'L4RE_DATASPACE', label: 'reply 0', sendClock: 200 }),
  ev(3, 260, 'page-fault', 8, undefined, { label: 'page fault 0x1000' }),
  ev(4, 900, 'send', 8, 5, { protocol: 'label 0x42', label: 'label 0x42', sendClock: 300 }),
];

function view(width = 900, height = 500): ChartView {
  return { mode: 'time', start: 0, unitsPerPixel: 1, laneOffset: 0, width, height };
}

describe('IPC sequence chart model', () => {
  it('puts one lane per thread, grouped by task in order of appearance, the kernel last', () => {
    const m = new ChartModel();
    m.apply(batch(SAMPLE));
    assert.deepStrictEqual(m.lanes().map((l) => `${l.taskName}:${l.label}`), ['moe:main', 'srv:main', 'cli:main', 'cli:helper', 'kernel:kernel objects']);
  });

  it('filters by task, thread and protocol, keeping the partner lanes of what is shown', () => {
    const m = new ChartModel();
    m.apply(batch(SAMPLE));
    m.filter = { thread: 8 };
    assert.deepStrictEqual(m.visible.map((e) => e.seq), [3, 4]);
    assert.deepStrictEqual(m.lanes().map((l) => l.thread), [5, 8]);
    m.filter = { task: 4 };
    assert.deepStrictEqual(m.visible.map((e) => e.seq), [0, 1, 2, 4]);
    m.filter = { protocol: 'L4RE_DATASPACE' };
    assert.deepStrictEqual(m.visible.map((e) => e.seq), [0, 2], 'the reply goes with its call');
    m.filter = {};
    assert.strictEqual(m.visible.length, 5);
    assert.deepStrictEqual(m.protocols(), ['L4RE_DATASPACE', 'LOG', 'label 0x42']);
  });

  it('finds events by clock and the waiting arrows that cross the view', () => {
    const m = new ChartModel();
    m.apply(batch(SAMPLE));
    assert.deepStrictEqual(m.range(150, 260), [1, 4]);
    assert.deepStrictEqual(m.crossing(0, 500).map((e) => e.seq), [4], 'sent at 300, delivered at 900');
    assert.deepStrictEqual(m.crossing(0, 1000).map((e) => e.seq), []);
    assert.strictEqual(m.bySeq(3)?.label, 'page fault 0x1000');
  });

  it('appends batches, ignores repeats, and starts over when the boot changes', () => {
    const m = new ChartModel();
    m.apply(batch(SAMPLE.slice(0, 3)));
    m.apply(batch(SAMPLE.slice(1)));
    assert.deepStrictEqual(m.events.map((e) => e.seq), [0, 1, 2, 3, 4]);
    assert.strictEqual(m.next, 5);
    m.apply(batch([ev(0, 10, 'call', 7, 5)], 2));
    assert.deepStrictEqual(m.events.map((e) => e.seq), [0]);
    assert.strictEqual(m.next, 1);
  });

  it('draws labelled arrows and marks in detail, and an unlabelled overview past the detail limit', () => {
    const m = new ChartModel();
    m.apply(batch(SAMPLE));
    const v = view();
    fitView(m, v);
    const svg = new SvgPainter(v.width, v.height);
    const { report, hits } = paintChart(svg, m, v, DARK_THEME);
    assert.strictEqual(report.overview, false);
    assert.deepStrictEqual(report.arrows, ['Dataspace map', 'Log write "hi"', 'reply 0', 'label 0x42']);
    assert.deepStrictEqual(report.marks, ['page fault 0x1000']);
    assert.ok(svg.toString().includes('>Dataspace map</text>'));
    const call = hits.find((h) => h.seq === 0)!;
    assert.strictEqual(hitTest(hits, (call.x1 + call.x2) / 2, call.y1 + 2), 0, 'a click near the arrow selects it');

    const many: TraceEvent[] = [];
    for (let i = 0; i < DETAIL_LIMIT * 3; i++) many.push(ev(i, 1000 + i * 10, i % 2 ? 'reply' : 'call', i % 2 ? 5 : 7, i % 2 ? 7 : 5));
    const big = new ChartModel();
    big.apply(batch(many));
    const bv = view();
    fitView(big, bv);
    const out = paintChart(new SvgPainter(bv.width, bv.height), big, bv, DARK_THEME);
    assert.strictEqual(out.report.overview, true);
    assert.strictEqual(out.report.eventsInView, many.length);
    assert.deepStrictEqual(out.report.arrows, []);
    // Zoomed in, the same trace is drawn in detail again.
    bv.unitsPerPixel = 1;
    bv.start = 5000;
    const near = paintChart(new SvgPainter(bv.width, bv.height), big, bv, DARK_THEME);
    assert.strictEqual(near.report.overview, false);
    assert.ok(near.report.arrows.length > 10);
  });

  it('greys the events ahead of a travel position, and draws them in colour again once the run is back at the front', () => {
    const m = new ChartModel();
    m.apply({ ...batch(SAMPLE), position: 2 });
    assert.deepStrictEqual(m.events.map((e) => m.isAhead(e)), [false, false, true, true, true]);
    assert.strictEqual(m.aheadCount, 3);
    const v = view();
    fitView(m, v);
    const colours = (): string => {
      const svg = new SvgPainter(v.width, v.height);
      paintChart(svg, m, v, DARK_THEME);
      return svg.toString();
    };
    const travelled = colours();
    assert.ok(!travelled.includes(DARK_THEME.reply), 'the reply (ahead) is not drawn in its colour');
    assert.ok(!travelled.includes(DARK_THEME.pageFault), 'nor the page fault');
    assert.ok(travelled.includes(DARK_THEME.call), 'the call (before the position) is');
    // A notification with no new event but the position at the front again.
    m.apply({ ...batch([]), next: 5, position: 5 });
    assert.strictEqual(m.aheadCount, 0);
    assert.ok(colours().includes(DARK_THEME.reply));
  });

  it('exports a Chrome trace: tasks as processes, threads as tracks, a flow per message, time in µs', () => {
    const m = new ChartModel();
    m.apply(batch(SAMPLE));
    const t = chromeTrace(m);
    const meta = t.traceEvents.filter((e) => e.ph === 'M');
    assert.ok(meta.some((e) => e.name === 'process_name' && e.pid === 4 && (e.args as { name: string }).name === 'srv'));
    assert.ok(meta.some((e) => e.name === 'thread_name' && e.tid === 8 && (e.args as { name: string }).name === 'cli:helper'));
    const starts = t.traceEvents.filter((e) => e.ph === 's');
    const ends = t.traceEvents.filter((e) => e.ph === 'f');
    assert.deepStrictEqual(starts.map((e) => e.id), [0, 1, 2, 4]);
    assert.deepStrictEqual(ends.map((e) => e.id), [0, 1, 2, 4]);
    const send = t.traceEvents.find((e) => e.ph === 'X' && e.name === 'label 0x42' && e.tid === 8)!;
    assert.strictEqual(send.ts, 3, '300 instructions at 100 per µs');
    assert.strictEqual(send.dur, 6, 'it waited 600 instructions for delivery');
    assert.ok(t.traceEvents.some((e) => e.ph === 'i' && e.name === 'page fault 0x1000' && e.pid === 6));
    JSON.parse(JSON.stringify(t));
  });

  it('keeps a short run in view while it follows the events in (hello-syscall: a log write, an exit, a parent signal)', () => {
    const thread: TraceThread = { id: 14, name: 'hello-syscall:main', shortName: 'main', task: 12, taskName: 'hello-syscall' };
    const run = [
      ev(0, 476, 'kernel', 14, 0, { protocol: 'LOG', label: 'Log write "hello⏎"', sendClock: 476 }),
      ev(1, 682, 'thread-exit', 14, undefined, { label: 'hello-syscall:main exited' }),
      ev(2, 682, 'kernel', 14, 0, { protocol: 'L4RE_PARENT', label: 'Parent signal', sendClock: 682 }),
    ];
    const arrive = (e: TraceEvent[], clock: number): TraceBatch => ({ boot: 1, first: 0, next: e.length ? e[e.length - 1].seq + 1 : 0, events: e, threads: [thread], instructionsPerMicrosecond: 100, clock });
    // However the notifications split the run, every event ends up drawn, with its label below the header.
    for (const split of [[0, 0, 3], [0, 1, 3], [1, 3], [0, 3], [3]]) {
      const m = new ChartModel();
      const v = view(700, 400);
      const state = { fitted: true };
      let from = 0;
      for (const to of split) {
        m.apply(arrive(run.slice(from, to), to ? run[to - 1].clock : 400));
        followView(m, v, state);
        from = to;
      }
      const { report, hits } = paintChart(new SvgPainter(v.width, v.height), m, v, DARK_THEME);
      assert.deepStrictEqual(report.arrows, ['Log write "hello⏎"', 'Parent signal'], `split ${split}: view ${JSON.stringify(v)}`);
      assert.deepStrictEqual(report.marks, ['hello-syscall:main exited'], `split ${split}`);
      for (const h of hits) assert.ok(Math.min(h.y1, h.y2) >= 48 + 8 && Math.max(h.y1, h.y2) <= v.height - 8, `split ${split}: event ${h.seq} at y ${h.y1}..${h.y2}`);
    }
  });

  it('exports SVG with the labels the view draws, measured in the view\'s font (a narrow chart kept the exit mark whole)', () => {
    const thread: TraceThread = { id: 14, name: 'hello-syscall:main', shortName: 'main', task: 12, taskName: 'hello-syscall' };
    const m = new ChartModel();
    m.apply({ boot: 1, first: 0, next: 3, threads: [thread], instructionsPerMicrosecond: 100, clock: 682, events: [
      ev(0, 476, 'kernel', 14, 0, { protocol: 'LOG', label: 'Log write "hello⏎"', sendClock: 476 }),
      ev(1, 682, 'thread-exit', 14, undefined, { label: 'hello-syscall:main exited' }),
      ev(2, 682, 'kernel', 14, 0, { protocol: 'L4RE_PARENT', label: 'Parent signal', sendClock: 682 }),
    ] });
    // The chart in one of two editor columns: its mark label has about 160 px; the webview's font (12 px DejaVu
    // Sans here) draws it in 149, the average-glyph estimate says 165 and cut it.
    const v = view(461, 278);
    fitView(m, v);
    const exitText = (svg: SvgPainter) => {
      paintChart(svg, m, v, DARK_THEME);
      return svg.toString().match(/<text[^>]*>hello-syscall[^<]*<\/text>/)?.[0];
    };
    assert.match(exitText(new SvgPainter(v.width, v.height, '12px sans-serif', (s) => s.length * 6)) ?? '', />hello-syscall:main exited<\/text>$/);
    assert.match(exitText(new SvgPainter(v.width, v.height)) ?? '', />hello-syscall:main exit…<\/text>$/, 'the estimate alone cuts it');
  });

  it('fits one event, or events an instruction apart, at a readable scale', () => {
    const m = new ChartModel();
    m.apply(batch([ev(0, 5000, 'call', 7, 5, { sendClock: 5000 })]));
    const v = view(700, 400);
    fitView(m, v);
    assert.ok(v.unitsPerPixel >= 0.25, `${v.unitsPerPixel} instructions per pixel`);
    const { report } = paintChart(new SvgPainter(v.width, v.height), m, v, DARK_THEME);
    assert.deepStrictEqual(report.arrows, ['call 0']);
  });

  it('after the user zoomed, follows the newest events at the chosen scale', () => {
    const m = new ChartModel();
    const v = view(700, 400);
    const state = { fitted: true };
    m.apply(batch(SAMPLE.slice(0, 2)));
    followView(m, v, state);
    state.fitted = false;
    v.unitsPerPixel = 0.5;
    m.apply(batch(SAMPLE));
    followView(m, v, state);
    assert.strictEqual(v.unitsPerPixel, 0.5);
    const { report } = paintChart(new SvgPainter(v.width, v.height), m, v, DARK_THEME);
    assert.deepStrictEqual(report.arrows, ['label 0x42'], 'only the newest, delivered at 900 (sent at 300)');
  });

  it('labels the time axis with digits enough to tell ticks apart', () => {
    assert.strictEqual(formatClock(31_104_200), '31.1M');
    assert.strictEqual(formatClock(31_104_200, 100), '31.1042M');
    assert.strictEqual(formatClock(950), '950');
  });

  it('labels event-order ticks with distinct clocks, and a repeated clock once', () => {
    // Events a few hundred instructions apart at 2.44M: two digits made them all "2.44M".
    const ticks = [2_440_120, 2_440_480, 2_440_480, 2_441_900].map((clock, i) => ({ y: i * 60, clock }));
    assert.deepStrictEqual(axisLabels(ticks).map((t) => t.label), ['2.4401M', '2.4405M', '', '2.4419M']);
    assert.deepStrictEqual(axisLabels([{ y: 0, clock: 2e6 }, { y: 60, clock: 3e6 }], 1e6).map((t) => t.label), ['2M', '3M']);
  });
});

describe('IPC trace ring (adapter)', () => {
  it('keeps the newest events of a real boot and answers batches from any point', function () {
    this.timeout(60000);
    const m = Machine.boot({ modulesList: path.resolve(__dirname, '../../../examples/lecture/conf/modules.lst'), entry: 'client-server' });
    const trace = new IpcTrace(8);
    trace.attach(m);
    for (let i = 0; i < 100 && m.runSlice(1_000_000).kind !== 'ended'; i++);
    assert.ok(trace.next > 16, `only ${trace.next} events`);
    assert.strictEqual(trace.first, trace.next - 8);
    const all = trace.batch(0);
    assert.deepStrictEqual(all.events.map((e) => e.seq), [...Array(8).keys()].map((i) => trace.first + i));
    assert.deepStrictEqual(trace.batch(trace.next - 3).events.map((e) => e.seq), [trace.next - 3, trace.next - 2, trace.next - 1]);
    assert.strictEqual(trace.event(trace.first - 1), undefined);
    assert.ok(all.threads.some((t) => t.name === 'ipc-client:main'));
  });
});

describe('IPC trace labels (adapter)', () => {
  it('shows the text of a log write to a log server thread (moe\'s, on the user-level servers)', function () {
    this.timeout(60000);
    const m = Machine.boot({ modulesList: path.resolve(__dirname, '../../../examples/lecture/conf/modules.lst'), entry: 'client-server' });
    const trace = new IpcTrace();
    trace.attach(m);
    for (let i = 0; i < 300 && m.runSlice(1_000_000).kind !== 'ended'; i++);
    const batch = trace.batch(0);
    const client = batch.threads.find((t) => t.name === 'ipc-client:main')!;
    const moe = batch.threads.find((t) => t.name === 'moe:moe')!;
    const writes = batch.events.filter((e) => e.thread === client.id && e.to === moe.id && e.protocol === 'LOG').map((e) => e.label);
    assert.deepStrictEqual(writes.slice(0, 2), ['Log write "client: 1 squared is 1⏎"', 'Log write "client: 2 squared is 4⏎"'], writes.join(', '));
  });

  it('decodes hello-syscall\'s log write as the console prints it (its NUL terminator left out)', function () {
    this.timeout(60000);
    const m = Machine.boot({ modulesList: path.resolve(__dirname, '../../../examples/lecture/conf/modules.lst'), entry: 'hello-syscall' });
    const trace = new IpcTrace();
    trace.attach(m);
    for (let i = 0; i < 100 && m.runSlice(1_000_000).kind !== 'ended'; i++);
    // The program's own thread: its log write, its end, its exit signal to the parent (moe); its page faults,
    // which l4re serves, and sigma0's and moe's boot are other lanes' or marks.
    const batch = trace.batch(0);
    const main = batch.threads.find((t) => t.name === 'hello-syscall:main')!;
    const labels = batch.events.filter((e) => e.thread === main.id && e.kind !== 'page-fault' && e.kind !== 'thread-start' && !/^page fault/.test(e.label)).map((e) => e.label);
    // exit() signals moe, which then ends the task: the signal comes before the thread's end.
    assert.deepStrictEqual(labels, ['Log write "hello⏎"', 'Parent signal', 'hello-syscall:main exited']);
    // Its thread was created in the program's task as l4re's "new thread" and named main after: the start mark
    // names the thread it became.
    assert.deepStrictEqual(batch.events.filter((e) => e.thread === main.id && e.kind === 'thread-start').map((e) => e.label), ['hello-syscall:main created']);
    const model = new ChartModel();
    model.apply(trace.batch(0));
    assert.ok(chromeTrace(model).traceEvents.some((e) => e.ph === 'X' && e.name === 'Log write "hello⏎"'), 'the export holds the log write');
  });
});
