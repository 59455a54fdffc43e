/**
 * Who is acting in the console, for the review routes: their identity (recorded with every
 * decision) and role (checked with core's `can`): the signed-in console account
 * (`admin/current-admin.ts`), by its name, which is unique and what reviewers see.
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../core/index.ts';
import { currentAdmin } from '../admin/current-admin.ts';

export interface Reviewer {
  /** Stable identity recorded with each decision. */
  id: string;
  role: Role;
}

/** The reviewer behind a request that already passed the admin session check. */
export type ReviewerOf = (request: FastifyRequest) => Promise<Reviewer | null>;

export const currentReviewer: ReviewerOf = async (request) => {
  const admin = currentAdmin(request);
  return { id: admin.name, role: admin.role };
};
