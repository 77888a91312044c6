// The adapter as a process for the DAP tests: `node out/test/debug-adapter/adapter-process.js`.
import { runDebugAdapterOverStdio } from '../../debug-adapter/debug-adapter-server';

runDebugAdapterOverStdio();
