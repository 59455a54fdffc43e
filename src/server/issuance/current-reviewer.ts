/**
 * Who is acting in the console, for the review routes: their identity (recorded with every
 * decision) and the audit log's actor (every decision is also an audit row). The identity is
 * the signed-in console account's id (`admin/current-admin.ts`): a name can be changed or
 * reused, an account id cannot. Permissions are checked before a handler runs
 * (serve-route.ts, from the route table's `access`).
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../core/index.ts';
import type { Actor } from '../admin/audit-log.ts';
import { auditActor, currentAdmin } from '../admin/current-admin.ts';

export interface Reviewer {
  /** Stable identity recorded with each decision: the console account's id. */
  id: string;
  role: Role;
  /** Who the audit row of each change names (account, client address). */
  actor: Actor;
}

/** The reviewer behind a request that already passed the admin session check. */
export function currentReviewer(request: FastifyRequest): Reviewer {
  const admin = currentAdmin(request);
  return { id: admin.accountId, role: admin.role, actor: auditActor(request) };
}
