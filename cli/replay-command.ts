// `fiasco replay FILE`: replays a recording saved by the debugger (Debug Console `travel save FILE`) and checks
// that this machine reaches the same state hash at the same instruction count. Exit 0 when it does, 1 if not.
import { RecordingError, replayRecording } from '../emulator/time-travel/recording';
import { CliArgs, UsageError } from './cli-args';

export function replayCommand(args: CliArgs): number {
  const file = args.positional[0];
  if (!file) throw new UsageError('replay needs a recording file');
  try {
    const r = replayRecording(file);
    process.stdout.write(`instruction ${r.clock}: state hash ${r.stateHash} (${r.same ? 'same as recorded' : `recorded ${r.expected}`})\n`);
    return r.same ? 0 : 1;
  } catch (e) {
    if (e instanceof RecordingError) {
      process.stderr.write(`fiasco replay: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
