/**
 * Values of the holder API contract (src/core/api/holder.ts) the app needs at run time.
 * The contract module builds TypeBox schemas at import, so the browser imports its types
 * only; these copies are checked equal to the contract's by contract.test.ts.
 */
import type { IdType, Relation } from '../../core/api/holder.ts';

export const HOLDER_API = {
  apply: '/api/holder/applications',
  application: (id: string): string => `/api/holder/applications/${encodeURIComponent(id)}`,
  renew: (id: string): string => `/api/holder/applications/${encodeURIComponent(id)}/renew`,
  corrections: (id: string): string => `/api/holder/applications/${encodeURIComponent(id)}/corrections`,
  scans: (id: string): string => `/api/holder/applications/${encodeURIComponent(id)}/scans`,
} as const;

export const ID_TYPE_CHOICES = [
  'resident_id',
  'passport',
  'hk_mo_permit',
  'tw_permit',
  'foreign_permanent_resident',
  'other',
] as const satisfies readonly IdType[];
export const RELATION_CHOICES = ['self', 'parent', 'child', 'spouse', 'other'] as const satisfies readonly Relation[];
