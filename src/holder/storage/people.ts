/** The people this device holds codes for, and small settings, in the holder's database. */
import type { HolderDb, PersonRecord } from './db.ts';

export interface PeopleStore {
  all(): Promise<PersonRecord[]>;
  put(person: PersonRecord): Promise<void>;
  remove(id: string): Promise<void>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
}

export function peopleStore(db: HolderDb): PeopleStore {
  return {
    // The owner first, then members in the order they were added.
    all: async () =>
      (await db.people.orderBy('createdAt').toArray()).sort((a, b) => Number(b.relation === 'self') - Number(a.relation === 'self')),
    put: async (person) => {
      await db.people.put(person);
    },
    remove: (id) => db.people.delete(id),
    getMeta: async <T>(key: string) => (await db.meta.get(key))?.value as T | undefined,
    setMeta: async (key, value) => {
      await db.meta.put({ key, value });
    },
  };
}
