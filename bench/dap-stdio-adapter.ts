// `fiasco dap` over stdio for DebugClient, which starts an adapter as `node SCRIPT` with no further arguments.
import { runDebugAdapterOverStdio } from '../debug-adapter/debug-adapter-server';

runDebugAdapterOverStdio();
