// Watches the module search directories (and the directories holding the modules lists) with chokidar, so that
// diagnostics follow the disk: building a module clears "module not found", deleting it brings it back.
// A directory that does not exist yet is watched through its nearest existing parent, so its creation is seen.

import * as fs from 'fs';
import * as path from 'path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';

export class SearchPathWatcher {
  private watcher?: FSWatcher;
  private watched = new Set<string>();
  private timer?: NodeJS.Timeout;

  /** `onChange` is called (debounced) after files appear, change or disappear in a watched directory. */
  /** `onReady` is called when the watch of newly added directories is in place (for logs and tests). */
  constructor(private readonly onChange: () => void, private readonly debounceMs = 150, private readonly onReady: (dirs: string[]) => void = () => undefined) {}

  /** Makes the watched set exactly these directories. */
  setDirectories(dirs: Iterable<string>): void {
    const wanted = new Set<string>();
    for (const d of dirs) wanted.add(existingAncestor(path.resolve(d)));
    const added = [...wanted].filter((d) => !this.watched.has(d));
    const removed = [...this.watched].filter((d) => !wanted.has(d));
    if (added.length === 0 && removed.length === 0) return;
    this.watched = wanted;
    if (!this.watcher) {
      if (added.length === 0) return;
      this.watcher = watch(added, { ignoreInitial: true, depth: 0, persistent: true });
      this.watcher.on('all', () => this.changed());
      this.watcher.on('error', () => { /* an unreadable directory just is not watched */ });
      // Files that appeared while the initial scan ran count as already there: check once more when it is done.
      this.watcher.on('ready', () => {
        this.onReady(this.directories());
        this.changed();
      });
      return;
    }
    if (removed.length) this.watcher.unwatch(removed);
    if (added.length) {
      this.watcher.add(added);
      // Same reason as 'ready' above; add() has no ready event of its own.
      setTimeout(() => this.onReady(this.directories()), this.debounceMs * 3);
      this.changed(this.debounceMs * 3);
    }
  }

  directories(): string[] {
    return [...this.watched];
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private changed(delayMs = this.debounceMs): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, delayMs);
  }
}

function existingAncestor(dir: string): string {
  let d = dir;
  for (;;) {
    try {
      if (fs.statSync(d).isDirectory()) return d;
    } catch {
      // keep climbing
    }
    const up = path.dirname(d);
    if (up === d) return d;
    d = up;
  }
}
