// The modules.lst language server: diagnostics, completion, hover, definition, outline, folding, rename,
// formatting and CodeLenses for modules.lst / modules.list, plus Makeconf.boot and ned scripts (*.cfg, *.lua)
// next to a modules list. It is built on the boot parser the emulator uses (emulator/boot), so what it reports
// is what a boot would report. Started by the extension through `fiasco lsp --stdio`, or by any other editor.

import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeModulesList } from './modules-list-analysis';
import type { ModulesListAnalysis, TextReader } from './modules-list-analysis';
import { modulesListDiagnostics } from './modules-list-diagnostics';
import { modulesListHover } from './modules-list-hover';
import { modulesListDefinition } from './modules-list-definition';
import { modulesListCompletion } from './modules-list-completion';
import { modulesListFolding, modulesListSymbols } from './modules-list-outline';
import { prepareModulesListRename, renameInModulesList } from './modules-list-rename';
import { formatModulesList } from './modules-list-formatting';
import { modulesListCodeLenses } from './modules-list-code-lens';
import { modulesListCodeActions } from './modules-list-code-actions';
import { isNedScript, modulesListBesideScript, nedScriptCompletion, nedScriptDefinition, nedScriptDiagnostics, nedScriptHover } from './ned-script-support';
import { isMakeconfBoot, makeconfDefinition, makeconfDiagnostics, makeconfHover, parseMakeconf } from './makeconf-support';
import { SearchPathWatcher } from './search-path-watcher';
import { fromPosition, uriToPath } from './lsp-ranges';

/** Options the client may pass in `initializationOptions`. */
export interface ServerInitializationOptions {
  /** Extra module search directories, searched first (like the launch configuration's searchPath). */
  searchPath?: string[];
  /** Disable the chokidar watch of the search path (e.g. for editors that send file events themselves). */
  watch?: boolean;
}

type DocumentKind = 'modules-list' | 'makeconf' | 'ned' | 'other';

function isModulesListName(file: string): boolean {
  const b = path.basename(file);
  return b === 'modules.lst' || b === 'modules.list' || b.endsWith('.modules.lst');
}

export function startLanguageServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  let options: ServerInitializationOptions = {};
  const watcher = new SearchPathWatcher(() => validateAll(), 150, (dirs) => connection.console.info(`fiasco lsp: watching ${dirs.join(', ')}`));

  const kindOf = (doc: TextDocument): { kind: DocumentKind; file?: string } => {
    const file = uriToPath(doc.uri);
    if (!file) return { kind: doc.languageId === 'l4mods' ? 'modules-list' : 'other' };
    if (doc.languageId === 'l4mods' || isModulesListName(file)) return { kind: 'modules-list', file };
    if (isMakeconfBoot(file)) return { kind: 'makeconf', file };
    if (isNedScript(file)) return { kind: 'ned', file };
    return { kind: 'other', file };
  };

  const openText = (file: string): string | undefined => {
    for (const d of documents.all()) if (uriToPath(d.uri) === file) return d.getText();
    return undefined;
  };
  const read: TextReader = (file) => {
    const open = openText(file);
    if (open !== undefined) return open;
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const exists = (p: string): boolean => openText(p) !== undefined || fs.existsSync(p);

  const analyze = (file: string, text?: string): ModulesListAnalysis | undefined => {
    const t = text ?? read(file);
    return t === undefined ? undefined : analyzeModulesList(file, t, read, options.searchPath ?? []);
  };
  const listAnalysis = (doc: TextDocument): ModulesListAnalysis | undefined => {
    const { kind, file } = kindOf(doc);
    if (!file) return undefined;
    if (kind === 'modules-list') return analyze(file, doc.getText());
    if (kind === 'ned') {
      const list = modulesListBesideScript(file, exists);
      return list ? analyze(list) : undefined;
    }
    return undefined;
  };

  /** Directories to watch: the search path of every open modules list (and of the list next to open scripts). */
  const watchedDirs = new Set<string>();
  const validate = (doc: TextDocument): void => {
    const { kind, file } = kindOf(doc);
    if (!file) return;
    try {
      if (kind === 'modules-list') {
        const a = analyze(file, doc.getText())!;
        a.searchDirs.forEach((d) => watchedDirs.add(d));
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: modulesListDiagnostics(a) });
      } else if (kind === 'ned') {
        const a = listAnalysis(doc);
        a?.searchDirs.forEach((d) => watchedDirs.add(d));
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: a ? nedScriptDiagnostics(a, file, doc.getText()) : [] });
      } else if (kind === 'makeconf') {
        watchedDirs.add(path.dirname(file));
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: makeconfDiagnostics(parseMakeconf(file, doc.getText())) });
      }
    } catch (e) {
      connection.console.error(`fiasco lsp: cannot check ${file}: ${(e as Error).stack ?? String(e)}`);
    }
  };
  const validateAll = (): void => {
    watchedDirs.clear();
    for (const d of documents.all()) validate(d);
    if (options.watch !== false) watcher.setDirectories(watchedDirs);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = params.initializationOptions as ServerInitializationOptions | undefined;
    if (init && typeof init === 'object') {
      options = { searchPath: Array.isArray(init.searchPath) ? init.searchPath.filter((s): s is string => typeof s === 'string') : undefined, watch: init.watch };
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['[', ',', '/', '-'] },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'fiasco-modules-list', version: '0.1.0' },
    };
  });

  // A change to a list, Makeconf.boot or a script can change the diagnostics of the others in its directory.
  documents.onDidChangeContent(() => validateAll());
  documents.onDidClose((e) => {
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    validateAll();
  });
  connection.onDidChangeWatchedFiles(() => validateAll());

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    const { kind, file } = kindOf(doc);
    const { line, column } = fromPosition(position);
    if (kind === 'makeconf' && file) return makeconfHover(parseMakeconf(file, doc.getText()), lineOf(doc, position.line), line, column) ?? null;
    const a = listAnalysis(doc);
    if (!a || !file) return null;
    if (kind === 'ned') return nedScriptHover(a, file, doc.getText(), line, column) ?? null;
    return modulesListHover(a, line, column) ?? null;
  });

  connection.onDefinition(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    const { kind, file } = kindOf(doc);
    const { line, column } = fromPosition(position);
    if (kind === 'makeconf' && file) return makeconfDefinition(parseMakeconf(file, doc.getText()), lineOf(doc, position.line), line, column);
    const a = listAnalysis(doc);
    if (!a || !file) return null;
    if (kind === 'ned') return nedScriptDefinition(a, file, doc.getText(), line, column);
    return modulesListDefinition(a, line, column);
  });

  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const { kind, file } = kindOf(doc);
    const a = listAnalysis(doc);
    if (!a || !file) return [];
    const text = lineOf(doc, position.line);
    if (kind === 'ned') return nedScriptCompletion(a, file, text, position.line, position.character);
    return modulesListCompletion(a, text, position.line, position.character);
  });

  const listOnly = (uri: string): { doc: TextDocument; a: ModulesListAnalysis } | undefined => {
    const doc = documents.get(uri);
    if (!doc || kindOf(doc).kind !== 'modules-list') return undefined;
    const a = listAnalysis(doc);
    return a ? { doc, a } : undefined;
  };
  connection.onDocumentSymbol(({ textDocument }) => {
    const x = listOnly(textDocument.uri);
    return x ? modulesListSymbols(x.a, x.doc.getText()) : [];
  });
  connection.onFoldingRanges(({ textDocument }) => {
    const x = listOnly(textDocument.uri);
    return x ? modulesListFolding(x.a) : [];
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const x = listOnly(textDocument.uri);
    if (!x) return null;
    const { line, column } = fromPosition(position);
    return prepareModulesListRename(x.a, line, column) ?? null;
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const x = listOnly(textDocument.uri);
    if (!x) return null;
    const { line, column } = fromPosition(position);
    return renameInModulesList(x.a, line, column, newName, read) ?? null;
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const x = listOnly(textDocument.uri);
    return x ? formatModulesList(x.doc.getText()) : [];
  });
  connection.onCodeLens(({ textDocument }) => {
    const x = listOnly(textDocument.uri);
    return x ? modulesListCodeLenses(x.a) : [];
  });

  // Only the quick fixes carried by our own diagnostics: nothing to compute per document.
  connection.onCodeAction((params) => modulesListCodeActions(params));
  connection.onShutdown(() => watcher.close());
  documents.listen(connection);
  connection.listen();
  return connection;
}

function lineOf(doc: TextDocument, line0: number): string {
  return doc.getText({ start: { line: line0, character: 0 }, end: { line: line0 + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** Serves the language server on this process's stdin/stdout (`fiasco lsp --stdio`). */
export function runLanguageServerOverStdio(): Connection {
  // Given the streams themselves, the library also exits when the client closes stdin without sending "exit".
  return startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}


if (require.main === module) runLanguageServerOverStdio();
