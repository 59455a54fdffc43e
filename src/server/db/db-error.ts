/**
 * Database failures in plain words. PGlite's file system errors arrive as Emscripten
 * ErrnoError objects with a WASI errno and no message (so `error.message` printed
 * "undefined"); PostgreSQL's as errors with a SQLSTATE `code`; Node's with an errno name.
 */

/** WASI errno numbers (what PGlite's ErrnoError carries) that mean the storage itself failed. */
const WASI_ERRNO: Record<number, string> = {
  2: 'permission denied on the data folder',
  19: 'the disk quota is exceeded',
  29: 'an input/output error on the disk',
  51: 'the disk is full (no space left on device)',
  63: 'permission denied on the data folder',
  69: 'the data folder is on a read-only file system',
};

const NODE_ERRNO: Record<string, string> = {
  ENOSPC: 'the disk is full (no space left on device)',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the data folder is on a read-only file system',
  EACCES: 'permission denied on the data folder',
  EPERM: 'permission denied on the data folder',
  EIO: 'an input/output error on the disk',
};

const field = (error: unknown, name: string): unknown =>
  typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;

/**
 * When `error` means the database cannot store data (disk full, quota, read-only, I/O error,
 * permission): a short plain description; null for any other error (a bug, a bad query).
 */
export function describeStorageFailure(error: unknown): string | null {
  const sqlstate = field(error, 'code');
  const message = String(field(error, 'message') ?? '');
  if (typeof sqlstate === 'string') {
    if (sqlstate in NODE_ERRNO) return NODE_ERRNO[sqlstate]!;
    // 53100 disk_full, 53xxx insufficient resources; 25006 read_only_sql_transaction; 58030 io_error.
    if (sqlstate === '53100' || /No space left on device/i.test(message)) return NODE_ERRNO.ENOSPC!;
    if (sqlstate.startsWith('53')) return `the database is out of resources (${message || sqlstate})`;
    if (sqlstate === '25006') return 'the database is read-only (it refuses writes)';
    if (sqlstate === '58030') return NODE_ERRNO.EIO!;
  }
  const errno = field(error, 'errno');
  if (field(error, 'name') === 'ErrnoError' && typeof errno === 'number' && WASI_ERRNO[errno]) return WASI_ERRNO[errno]!;
  if (/No space left on device/i.test(message)) return NODE_ERRNO.ENOSPC!;
  return null;
}

/** Any start-up or database error in plain words, never "undefined". */
export function describeDbError(error: unknown): string {
  const storage = describeStorageFailure(error);
  if (storage !== null) return storage;
  const message = field(error, 'message');
  if (typeof message === 'string' && message !== '') return message;
  const errno = field(error, 'errno');
  if (typeof errno === 'number') return `file system error ${errno}${field(error, 'name') ? ` (${String(field(error, 'name'))})` : ''}`;
  if (typeof error === 'string' && error !== '') return error;
  if (error === undefined || error === null) return 'an unknown error (the database reported nothing)';
  try {
    return `unexpected error ${JSON.stringify(error)}`;
  } catch {
    return 'unexpected error';
  }
}
