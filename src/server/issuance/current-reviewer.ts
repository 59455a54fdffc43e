/**
 * Who is acting in the console, for the review routes: their identity (recorded with every
 * decision) and role (checked with core's `can`). Today the console has one administrator
 * password and its sessions carry no identity, so a valid session is the administrator.
 * When console accounts arrive this is the one function to point at them.
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../core/index.ts';

export interface Reviewer {
  /** Stable identity recorded with each decision. */
  id: string;
  role: Role;
}

/** The reviewer behind a request that already passed the admin session check. */
export type ReviewerOf = (request: FastifyRequest) => Promise<Reviewer | null>;

export const currentReviewer: ReviewerOf = async () => ({ id: 'admin', role: 'admin' });
