import { describe, expect, it } from 'vitest';
import { describeDbError, describeStorageFailure } from './db-error.ts';

// What the engines really throw: PGlite's file system errors are Emscripten ErrnoError objects
// ({name, errno}, no message: the start-up line used to end in "undefined"); PostgreSQL's
// carry a SQLSTATE code; Node's an errno name.
const pgliteFull = Object.assign(Object.create(null) as object, { name: 'ErrnoError', errno: 51 });

describe('database errors in plain words', () => {
  it('names a full disk, a read-only database and an I/O error, whichever engine reports it', () => {
    expect(describeDbError(pgliteFull)).toBe('the disk is full (no space left on device)');
    expect(describeDbError({ code: '53100', message: 'could not extend file "base/5/16384_fsm": No space left on device' })).toBe(
      'the disk is full (no space left on device)',
    );
    expect(describeDbError({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' })).toBe(
      'the database is read-only (it refuses writes)',
    );
    expect(describeDbError({ name: 'ErrnoError', errno: 69 })).toBe('the data folder is on a read-only file system');
    expect(describeDbError(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }))).toBe('an input/output error on the disk');
  });

  it('keeps other messages, and never says "undefined"', () => {
    expect(describeDbError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(describeDbError({ name: 'ErrnoError', errno: 44 })).toBe('file system error 44 (ErrnoError)');
    expect(describeDbError(undefined)).toBe('an unknown error (the database reported nothing)');
    expect(describeDbError('boom')).toBe('boom');
    expect(describeDbError({})).toBe('unexpected error {}');
  });

  it('tells storage failures (503) from bugs (500)', () => {
    expect(describeStorageFailure({ code: '22P05', message: 'unsupported Unicode escape sequence' })).toBeNull();
    expect(describeStorageFailure(new TypeError('x is undefined'))).toBeNull();
    expect(describeStorageFailure({ code: '53200', message: 'out of memory' })).toBe('the database is out of resources (out of memory)');
  });
});
