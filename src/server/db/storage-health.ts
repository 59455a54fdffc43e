/**
 * Whether the database can store data, for /healthz: a one-row write probe (catches a
 * read-only or broken database), the free space of PGlite's data folder (PostgreSQL
 * preallocates WAL, so a small write still succeeds on a full disk while every entry upload
 * fails), and the last storage failure any request ran into (the only signal for a remote
 * PostgreSQL's disk), reported for a minute after it happened.
 */
import { statfsSync } from 'node:fs';
import type { Db } from './db.ts';
import { describeDbError } from './db-error.ts';

/** PGlite's folder is reported full below this much free space (a WAL segment is 16 MiB). */
export const MIN_FREE_BYTES = 16 * 1024 * 1024;
/** A storage failure keeps /healthz unhealthy this long (ms). */
export const FAILURE_MEMORY_MS = 60_000;

export type StorageCheck = { ok: true } | { ok: false; error: string };

export class StorageHealth {
  private lastFailure: { atMs: number; description: string } | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    /** PGlite's data folder (null for PostgreSQL or an in-memory database). */
    private readonly dataDir: string | null,
  ) {}

  /** Remembers a storage failure a request ran into (http/errors.ts calls this). */
  recordFailure(description: string): void {
    this.lastFailure = { atMs: this.now(), description };
  }

  async check(): Promise<StorageCheck> {
    try {
      await this.db.query('INSERT INTO health_probe (id, at_ms) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at_ms = EXCLUDED.at_ms', [
        this.now(),
      ]);
    } catch (error) {
      return { ok: false, error: `the database refuses writes: ${describeDbError(error)}` };
    }
    if (this.dataDir !== null) {
      const free = freeBytes(this.dataDir);
      if (free !== null && free < MIN_FREE_BYTES)
        return { ok: false, error: `the disk of the data folder is full (${Math.floor(free / 1024)} KiB free)` };
    }
    const failure = this.lastFailure;
    if (failure && this.now() - failure.atMs < FAILURE_MEMORY_MS) {
      return {
        ok: false,
        error: `a write failed ${Math.max(0, Math.round((this.now() - failure.atMs) / 1000))} s ago: ${failure.description}`,
      };
    }
    return { ok: true };
  }
}

function freeBytes(dir: string): number | null {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}
