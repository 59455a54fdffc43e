/**
 * Console roles and what each may do, shared by the server (which enforces them) and the
 * console (which hides what a role cannot use). Application data (names, ID numbers,
 * declarations) is readable only with `review`.
 */
export const ROLES = ['viewer', 'reviewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  /** Entries, statistics, checkpoints, devices, status list: read only. */
  | 'read'
  /** Holder applications: read them, approve or reject. */
  | 'review'
  /** Devices, checkpoints, enrollment, status changes, demo and paper codes. */
  | 'operate'
  /** Accounts, trust import, the audit log. */
  | 'administer';

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  reviewer: ['read', 'review'],
  operator: ['read', 'operate'],
  admin: ['read', 'review', 'operate', 'administer'],
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
