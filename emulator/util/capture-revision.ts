// Revisions for objects that time travel captures as one copy (SelfCapturing in object-graph-state.ts): a new
// number for every change, never reused in the process, also across restores, so an equal revision always
// means an equal state.
let lastRevision = 0;

export function nextCaptureRevision(): number {
  return ++lastRevision;
}
