/**
 * Links applications stored before persons existed (migration 007) to their persons, at
 * start-up: the identity hash needs the server's secret, which the SQL migration cannot
 * use. Each person gets a base status from what their latest code shows now (the published
 * list, else the colour it was approved with); a person any reviewer decided on counts as
 * reviewed. Idempotent: it touches only applications with no person yet.
 */
import type { IdType } from '../../core/api/holder.ts';
import type { Colour } from '../../core/index.ts';
import type { Db } from '../db/db.ts';
import { identityHashOf, identitySecret, insertStatus, lockPersonOfHash, statusOf } from './person-store.ts';
import { maskName } from '../../core/index.ts';

interface Unlinked {
  id: string;
  id_type: IdType;
  id_number: string;
  full_name: string;
  decided_colour: Colour | null;
  decided_by: string | null;
  listed: string | null;
  listed_until: number | null;
}

/** Links every unlinked application; returns how many. */
export async function backfillPersons(db: Db, nowMs: number): Promise<number> {
  const secret = await identitySecret(db, nowMs);
  let linked = 0;
  for (;;) {
    const rows = await db.query<Unlinked>(
      `SELECT a.id, a.id_type, a.id_number, a.full_name, a.decided_colour, a.decided_by,
              s.status AS listed, s.until AS listed_until
         FROM holder_applications a
         LEFT JOIN LATERAL (SELECT cid FROM issued_codes c WHERE c.application_id = a.id ORDER BY n DESC LIMIT 1) c ON true
         LEFT JOIN LATERAL (SELECT status, until FROM status_changes x WHERE x.cid = c.cid ORDER BY seq DESC LIMIT 1) s ON true
        WHERE a.person_id IS NULL ORDER BY a.submitted_ms LIMIT 500`,
    );
    if (rows.length === 0) return linked;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const person = await lockPersonOfHash(tx, identityHashOf(secret, r.id_type, r.id_number), maskName(r.full_name), nowMs);
        await tx.query('UPDATE holder_applications SET person_id = $2 WHERE id = $1', [r.id, person.id]);
        const reviewed = r.decided_by === 'reviewer';
        const shown =
          r.listed && r.listed !== 'revoked' && (r.listed_until === null || r.listed_until * 1000 >= nowMs)
            ? (r.listed as Colour)
            : r.decided_colour;
        if (shown && !(await statusOf(tx, person, Math.floor(nowMs / 1000))))
          await insertStatus(tx, person.id, { colour: shown }, { source: 'migration', setBy: null, reviewed }, nowMs);
        else if (reviewed) await tx.query('UPDATE persons SET reviewed = true WHERE id = $1', [person.id]);
      }
    });
    linked += rows.length;
  }
}
