// Reading input files with bounds: only regular files (not /dev/zero, a FIFO or a directory), and only up to
// a size, so that a wrong path fails at once with a message instead of reading forever or filling memory.
import * as fs from 'fs';

/** Biggest text configuration file (modules.lst and its includes, Makeconf.boot, ned scripts). */
export const MAX_CONFIG_FILE_BYTES = 4 * 1024 * 1024;
/** Biggest binary the machine loads (ELF programs, rom modules): the default emulated RAM. */
export const MAX_BINARY_FILE_BYTES = 128 * 1024 * 1024;

/** Why a file cannot be read, in words ("not a regular file (a character device)", "file not found"...). */
export class FileReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The bytes of a regular file of at most `maxBytes`; a FileReadError otherwise. */
export function readBoundedFile(file: string, maxBytes: number): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileReadError(file, code === 'ENOENT' ? 'file not found' : (e as Error).message, code);
  }
  if (!st.isFile()) throw new FileReadError(file, `is ${kindOf(st)}, not a regular file`, st.isDirectory() ? 'EISDIR' : 'ENOTREG');
  if (st.size > maxBytes) throw new FileReadError(file, `is ${st.size} bytes, more than the limit of ${maxBytes} bytes`, 'EFBIG');
  try {
    const bytes = fs.readFileSync(file);
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes) throw new FileReadError(file, `is more than the limit of ${maxBytes} bytes`, 'EFBIG');
    return bytes;
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(file, (e as Error).message, (e as NodeJS.ErrnoException).code);
  }
}

/** A bounded configuration file as UTF-8 text. */
export function readBoundedText(file: string, maxBytes = MAX_CONFIG_FILE_BYTES): string {
  return readBoundedFile(file, maxBytes).toString('utf8');
}
