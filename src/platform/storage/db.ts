/**
 * The scanner's IndexedDB database (Dexie). One schema for every table group; each group has
 * its own small repository module beside this file. Shared by the app-UI and sync helpers:
 * add tables to the single version() below (nothing has shipped yet), never rename.
 */
import Dexie, { type Table } from 'dexie';
import type { EntryUpload } from '../../core/index.ts';
import type { StatusBucketRecord, StatusHeadRecord, StatusLogRecord, StatusPartRecord, TrustRecord } from '../trust/records.ts';

/**
 * One scan at this checkpoint: exactly what is uploaded (core's EntryUpload: never the
 * holder's name or hint), plus the device's sync bookkeeping.
 */
export interface EntryRecord extends EntryUpload {
  /** 0 until the server acknowledged this entry's id; 1 after. */
  synced: 0 | 1;
  syncedAt?: number;
}

/** Small key-value records: settings, device credential, sync bookkeeping. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

export class GatecheckDb extends Dexie {
  entries!: Table<EntryRecord, string>;
  meta!: Table<MetaRecord, string>;
  // Trust data (owned by src/platform/trust/): the bundle, and the status list as a head
  // record, pending snapshot parts, two bucket slots (live list / list being built) and the log
  // of deltas not yet folded into the live slot, for each authority's chain (gc1.md §6;
  // status-list.ts says how the chains share the tables).
  trust!: Table<TrustRecord, string>;
  statusHead!: Table<StatusHeadRecord, string>;
  statusParts!: Table<StatusPartRecord, [number, number, number]>;
  statusA!: Table<StatusBucketRecord, number>;
  statusB!: Table<StatusBucketRecord, number>;
  statusLog!: Table<StatusLogRecord, [number, number]>;

  constructor(name = 'gatecheck') {
    super(name);
    this.version(1).stores({
      entries: '&id, time, synced, [synced+time], cid',
      meta: '&key',
      trust: '&id',
      statusHead: '&id',
      statusParts: '&[n+to+part]',
      statusA: '&k',
      statusB: '&k',
      statusLog: '&[n+to]',
    });
  }
}

let shared: GatecheckDb | null = null;

/** The app's one database connection. */
export function openDb(): GatecheckDb {
  shared ??= new GatecheckDb();
  return shared;
}
