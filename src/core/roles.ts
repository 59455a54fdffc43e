/**
 * Console roles and what each may do, shared by the server (which enforces them) and the
 * console (which hides what a role cannot use). Application data (names, ID numbers,
 * declarations) is readable only with `review`.
 */
export const ROLES = ['viewer', 'reviewer', 'operator', 'tracer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  /** Entries, statistics, checkpoints, devices, status list: read only. */
  | 'read'
  /** Holder applications and persons: read them, approve or reject, colours, revocations, corrections. */
  | 'review'
  /** Devices, checkpoints, enrollment, status changes, demo and paper codes. */
  | 'operate'
  /** Accounts, trust import, the audit log, the second-reviewer setting. */
  | 'administer'
  /** Contact tracing from the entry log (issue 14): start a trace, propose statuses for its contacts. */
  | 'trace';

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  reviewer: ['read', 'review'],
  operator: ['read', 'operate'],
  tracer: ['read', 'trace'],
  admin: ['read', 'review', 'operate', 'administer', 'trace'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` carries `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The permissions a role carries, for the console's session reply. */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}
