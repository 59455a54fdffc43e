/**
 * Who is acting in the console, for the review routes: their identity (recorded with every
 * decision), role (checked with core's `can`) and the audit log's actor (every decision is
 * also an audit row): the signed-in console account (`admin/current-admin.ts`), by its
 * account id (a name can be reused after an account is renamed or removed; an id cannot).
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../core/index.ts';
import type { Actor } from '../admin/audit-log.ts';
import { auditActor, currentAdmin } from '../admin/current-admin.ts';

export interface Reviewer {
  /** Stable identity recorded with each decision. */
  id: string;
  role: Role;
  /** Who the audit row of each change names (account, client address). */
  actor: Actor;
}

/** The reviewer behind a request that already passed the admin session check. */
export type ReviewerOf = (request: FastifyRequest) => Promise<Reviewer | null>;

export const currentReviewer: ReviewerOf = async (request) => {
  const admin = currentAdmin(request);
  return { id: admin.accountId, role: admin.role, actor: auditActor(request) };
};
