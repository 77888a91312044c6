// `fiasco`: the command-line face of Fiasco Studio (run, build, dap, disasm, lsp).
// The commands are required when chosen, not at start: `fiasco run` then never evaluates the SDK's or the debug
// adapter's modules (bench: process start → first output of the hello entry).
import type * as RunCommand from './run-command';
import type * as DisasmCommand from './disasm-command';
import type * as BuildCommand from './build-command';
import type * as DapCommand from './dap-command';
import type * as ReplayCommand from './replay-command';
import { CliArgs, UsageError, parseArgs } from './cli-args';

const USAGE = `usage: fiasco <command> [options]
  run [--conf FILE] [--entry NAME | E=NAME] [--search-path DIR]... [--trace ipc,syscall,pf] [--max-instructions N|unlimited]
                     [--roles auto|user-level|search-path]
                     boot an entry of a modules.lst headless; guest output goes to stdout;
                     stops after 2000000000 instructions unless --max-instructions says otherwise
  build [DIR]        build every package under DIR (default .) with the SDK
  dap [--port N]     serve the debug adapter over stdio, or TCP port N
  disasm FILE        print the .text disassembly of an ELF file in objdump's layout
  replay FILE        replay a debugger recording (travel save FILE) and check it reaches the same state hash
  lsp --stdio        serve the modules.lst language server`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let args: CliArgs;
  try {
    args = parseArgs(rest);
  } catch (e) {
    process.stderr.write(`fiasco: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    switch (command) {
      case 'run':
        return (require('./run-command') as typeof RunCommand).runCommand(args);
      case 'build':
        return (require('./build-command') as typeof BuildCommand).buildCommand(args);
      case 'dap':
        return await (require('./dap-command') as typeof DapCommand).dapCommand(args);
      case 'disasm':
        return (require('./disasm-command') as typeof DisasmCommand).disasmCommand(args);
      case 'replay':
        return (require('./replay-command') as typeof ReplayCommand).replayCommand(args);
      case 'lsp': {
        // Loaded on demand: only this command needs the language server. It runs until the client exits.
        const { runLanguageServerOverStdio } = await import('../language-server/server');
        runLanguageServerOverStdio();
        return await new Promise<number>(() => undefined);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`fiasco: unknown command "${command}"\n${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`fiasco ${command}: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`fiasco ${command}: ${(e as Error).message}\n`);
    return 1;
  }
}

// A reader that went away (`fiasco disasm x | head`) ends the command quietly, never with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`fiasco: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
