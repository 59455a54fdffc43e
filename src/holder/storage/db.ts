/**
 * The holder app's own IndexedDB database (`gatecheck-holder`, Dexie), apart from the
 * scanner's `gatecheck` database: the people this device applied for (the owner and family
 * members), their application credentials and last known application state, the device key
 * pair and small settings.
 */
import Dexie, { type Table } from 'dexie';
import type { ApplicationView, Relation } from '../../core/api/holder.ts';

/** One person whose code this device holds: the owner ('self') or a family member. */
export interface PersonRecord {
  /** Local id (random UUID), never sent. */
  id: string;
  relation: Relation;
  /** The full name as typed when applying, kept on this device to tell people apart. */
  name: string;
  applicationId: string;
  /** Bearer credential for this application's GET and renew calls. */
  credential: string;
  /** The server's last answer (state, code, current status). */
  view: ApplicationView;
  createdAt: number;
  /** Unix ms of the last successful answer from the server. */
  checkedAt: number;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export class HolderDb extends Dexie {
  people!: Table<PersonRecord, string>;
  meta!: Table<MetaRecord, string>;

  constructor(name = 'gatecheck-holder') {
    super(name);
    this.version(1).stores({ people: '&id, createdAt', meta: '&key' });
  }
}
