/** The people this device holds codes for, and small settings, in the holder's database. */
import type { HolderDb, PersonRecord } from './db.ts';

export interface PeopleStore {
  all(): Promise<PersonRecord[]>;
  put(person: PersonRecord): Promise<void>;
  /** Replaces a person still on this device; false (and nothing written) when they were removed meanwhile. */
  update(person: PersonRecord): Promise<boolean>;
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
    // One transaction: a removal is ordered wholly before or after it, never undone by it.
    update: (person) =>
      db.transaction('rw', db.people, async () => {
        if ((await db.people.get(person.id)) === undefined) return false;
        await db.people.put(person);
        return true;
      }),
    remove: (id) => db.people.delete(id),
    getMeta: async <T>(key: string) => (await db.meta.get(key))?.value as T | undefined,
    setMeta: async (key, value) => {
      await db.meta.put({ key, value });
    },
  };
}
