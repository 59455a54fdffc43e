/**
 * Every path of the admin API, once: the server registers its routes from these patterns and
 * the console builds its URLs from them with `adminPath`. No TypeBox here, so the console may
 * import this module as a value.
 */
export const ADMIN_PATHS = {
  login: '/api/admin/login',
  logout: '/api/admin/logout',
  session: '/api/admin/session',
  accounts: '/api/admin/accounts',
  account: '/api/admin/accounts/:id',
  accountPassword: '/api/admin/accounts/:id/password',
  audit: '/api/admin/audit',
  auditCsv: '/api/admin/audit.csv',
  checkpoints: '/api/admin/checkpoints',
  checkpoint: '/api/admin/checkpoints/:id',
  enrollment: '/api/admin/checkpoints/:id/enrollment',
  devices: '/api/admin/devices',
  device: '/api/admin/devices/:id',
  revoke: '/api/admin/devices/:id/revoke',
  codes: '/api/admin/codes',
  status: '/api/admin/status',
  statusOf: '/api/admin/status/:cid',
  statusPreview: '/api/admin/status/preview',
  statusBatches: '/api/admin/status/batches',
  statusUndo: '/api/admin/status/batches/:id/undo',
  trust: '/api/admin/trust',
  entries: '/api/admin/entries',
  entriesCsv: '/api/admin/entries.csv',
  stats: '/api/admin/stats',
} as const;

export type AdminPath = (typeof ADMIN_PATHS)[keyof typeof ADMIN_PATHS];

/** A path with its `:name` parts filled in (each value URL-encoded). */
export function adminPath(pattern: AdminPath, params: Record<string, string> = {}): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`adminPath: missing ${name} for ${pattern}`);
    return encodeURIComponent(value);
  });
}
