// Messages between the sequence chart's panel (extension host) and its webview. Types only.
import type { TraceBatch } from '../../../debug-adapter/sequence-chart-protocol';
import type { RenderReport } from './chart-render';

export type ToWebview =
  | { type: 'batch'; batch: TraceBatch }
  | { type: 'session'; name: string | undefined; running: boolean }
  /** Tests and the screenshot script: set the view (filters, spacing, zoom to fit). */
  /** Asks for the export of the chart as it is (answered by an 'export' message). */
  | { type: 'export-request'; format: 'perfetto' | 'svg' }
  | { type: 'configure'; mode?: 'time' | 'order'; fit?: boolean; follow?: boolean; filter?: { task?: number; thread?: number; protocol?: string } };

export type FromWebview =
  | { type: 'ready' }
  /** An event was clicked: `clock` is the emulated time of its delivery (time travel can go there). */
  | { type: 'select'; seq: number; thread: number; to?: number; clock: number; sendClock?: number; label: string }
  | { type: 'export'; format: 'perfetto' | 'svg'; content: string }
  | { type: 'rendered'; report: RenderReport; frameMs: number; events: number };
