/**
 * The holder contract's choices, without TypeBox, so the holder app imports them as values
 * (holder.ts builds its schemas from these and re-exports them).
 */
export const ID_TYPES = ['resident_id', 'passport', 'hk_mo_permit', 'tw_permit', 'foreign_permanent_resident', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

export const RELATIONS = ['self', 'parent', 'child', 'spouse', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const APPLICATION_STATES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
