// Messages between the Capability Graph webview and the extension.
import type { KernelSnapshot } from '../../../debug-adapter/kernel-objects/snapshot-model';

export type ToWebview =
  | { type: 'snapshot'; snapshot: KernelSnapshot | undefined; reason?: string }
  | { type: 'select'; objectId: number };

/** What the webview drew, reported after every render (the e2e tests read it through the extension's API). */
export interface RenderedGraph {
  nodes: string[];
  /** `holder → object [rights]` per capability edge drawn. */
  edges: string[];
  /** `holder → receiver (object)` per derivation edge drawn. */
  derivations: string[];
  /** `from → to (n regions, m pages)` per memory-mapping arc drawn. */
  memory: string[];
  /** The selection and what it highlights. */
  selected?: string;
  highlighted: string[];
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'rendered'; graph: RenderedGraph }
  | { type: 'exportDot' }
  | { type: 'focusThread'; threadId: number };
