// A minimal LSP client for the tests: spawns the real server process and speaks JSON-RPC to it over stdio,
// collecting the diagnostics it publishes so tests can wait for them.

import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER_SCRIPT = path.resolve(__dirname, '../../language-server/server.js');
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const HELLO_ELF = path.join(REPO_ROOT, 'examples/hello/bin/hello');

export const uriOf = (file: string): string => pathToFileURL(file).toString();

export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Array<() => void> = [];
  private stderr = '';
  readonly logs: string[] = [];
  private versions = new Map<string, number>();

  private constructor(readonly process: cp.ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => []);
    this.connection.listen();
  }

  /** Starts `node <script> <args>` (default: the compiled server with --stdio) and initializes it. */
  static async start(opts: { command?: string[]; initializationOptions?: unknown; rootDir?: string } = {}): Promise<LspTestClient> {
    const [script, ...args] = opts.command ?? [SERVER_SCRIPT, '--stdio'];
    const child = cp.spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspTestClient(child);
    await client.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: opts.rootDir ? uriOf(opts.rootDir) : null, capabilities: {},
      initializationOptions: opts.initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  async open(file: string, text: string, languageId = 'l4mods'): Promise<void> {
    this.versions.set(uriOf(file), 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  async change(file: string, text: string): Promise<void> {
    const v = (this.versions.get(uriOf(file)) ?? 1) + 1;
    this.versions.set(uriOf(file), v);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version: v }, contentChanges: [{ text }] });
  }

  /** Waits until the diagnostics published for the file satisfy `accept` (the latest publication is checked). */
  async waitForDiagnostics(file: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10000): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.diagnostics.get(uri)?.at(-1);
      if (latest && accept(latest.diagnostics)) return latest.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for diagnostics of ${file}; last: ${JSON.stringify(latest?.diagnostics.map((d) => d.message))}; server stderr: ${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Waits for a window/logMessage matching the pattern (e.g. the server's "watching DIRS" once a watch is in place). */
  async waitForLog(pattern: RegExp, timeoutMs = 10000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs.find((l) => pattern.test(l));
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a log matching ${pattern}; logs: ${JSON.stringify(this.logs)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }
}

/** Creates files (relative path → content or bytes) under a fresh temp directory; returns its path. */
export function makeWorkspace(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-lsp-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** The hello example's 32-bit ELF with e_machine patched to x86-64 (62): an ELF file the emulator cannot run. */
export function x8664Elf(): Uint8Array {
  const bytes = new Uint8Array(fs.readFileSync(HELLO_ELF));
  bytes[18] = 62;
  bytes[19] = 0;
  return bytes;
}
