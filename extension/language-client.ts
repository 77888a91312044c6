// Starts the modules.lst language server (`node dist/cli.js lsp --stdio`) through vscode-languageclient, for
// modules lists, Makeconf.boot and ned scripts, and registers the commands its CodeLenses call.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerEntryCommands } from './entry-commands';

export function startLanguageSupport(context: vscode.ExtensionContext): LanguageClient {
  registerEntryCommands(context);
  // The CLI bundle serves the language server; the client appends --stdio for TransportKind.stdio.
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  const serverOptions: ServerOptions = {
    run: { module: cli, args: ['lsp'], transport: TransportKind.stdio },
    debug: { module: cli, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'l4mods' },
      { scheme: 'file', pattern: '**/Makeconf.boot' },
      { scheme: 'file', pattern: '**/*.{cfg,lua}' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{modules.lst,modules.list,*.modules.lst,Makeconf.boot,*.cfg,*.lua}') },
    initializationOptions: {},
  };
  const client = new LanguageClient('fiascoModulesList', 'Fiasco modules.lst', serverOptions, clientOptions);
  client.start().catch((e: unknown) => {
    void vscode.window.showWarningMessage(`Fiasco: the modules.lst language server did not start: ${(e as Error).message}`);
  });
  context.subscriptions.push({ dispose: () => void client.stop() });
  return client;
}
