// The messages between the memory view's webview and the extension (both sides import this file).

export interface RegionInfo {
  start: number;
  end: number;
  kind: string;
  name: string;
  prot?: string;
  source: string;
}

export interface LayoutInfo {
  taskId: number;
  taskName: string;
  regions: RegionInfo[];
  mapped: Array<{ start: number; end: number; prot: string }>;
}

/** What the webview shows, reported after every render (for tests, through the fiasco.memory.viewState command). */
export interface ViewState {
  taskId?: number;
  taskName?: string;
  top: number;
  rows: Array<{ address: number; hex: string; label: string }>;
  regionLabels: string[];
  status: string;
}

export type ToWebview =
  | { type: 'layout'; layout: LayoutInfo; tasks: Array<{ id: number; name: string }>; goto?: number; live: boolean }
  | { type: 'bytes'; reqId: number; address: number; data: number[]; unreadable: number }
  | { type: 'goto'; address: number }
  | { type: 'edit'; address: number; hex: string }
  | { type: 'status'; text: string }
  | { type: 'written'; address: number; count: number };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'read'; reqId: number; address: number; count: number }
  | { type: 'write'; address: number; data: number[] }
  | { type: 'resolve'; text: string }
  | { type: 'selectTask'; taskId: number }
  | { type: 'report'; state: ViewState };
