/**
 * The deployment configuration (/config.json, served with the app from our own origin and
 * precached by the service worker): the pinned root key and the API base. The root key
 * comes with the deployment, never from the data it verifies.
 */
import { b64uDecodeLength, type AppConfig } from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import type { FetchLike } from '../sync/http.ts';

/** A parsed, checked config. */
export interface DeploymentConfig {
  rootKey: Uint8Array;
  /** base64url of rootKey, as in the file. */
  rootKeyText: string;
  /** Absolute API base URL without a trailing slash (the app's origin when the file says ''). */
  apiBase: string;
}

export type ConfigResult = { ok: true; config: DeploymentConfig; source: 'network' | 'stored' } | { ok: false; error: string };

const STORED_KEY = 'trust.config';

/** Checks an untrusted config document; `origin` resolves a relative apiBase. */
export function parseDeploymentConfig(value: unknown, origin: string): DeploymentConfig | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { rootKey, apiBase } = value as Partial<AppConfig>;
  const key = b64uDecodeLength(rootKey, 32);
  if (!key || typeof apiBase !== 'string') return null;
  let base: URL;
  try {
    base = new URL(apiBase || '/', origin);
  } catch {
    return null;
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return null;
  if (base.search || base.hash) return null;
  return { rootKey: key, rootKeyText: rootKey as string, apiBase: base.href.replace(/\/+$/, '') };
}

/** Where config.json lives: next to the app (Vite's base URL). */
export function defaultConfigUrl(origin: string): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return new URL(`${base.replace(/\/?$/, '/')}config.json`, origin).href;
}

/**
 * Fetches config.json. When it cannot be fetched at all (first start offline without the
 * service worker yet), the last good copy this device fetched from the same deployment is
 * used; a file that arrives but is invalid is an error, never silently replaced.
 */
export async function loadDeploymentConfig(
  db: GatecheckDb,
  options: { origin: string; url?: string; fetch?: FetchLike },
): Promise<ConfigResult> {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const url = options.url ?? defaultConfigUrl(options.origin);
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-cache', credentials: 'same-origin' });
  } catch {
    const stored = parseDeploymentConfig((await db.meta.get(STORED_KEY))?.value, options.origin);
    return stored
      ? { ok: true, config: stored, source: 'stored' }
      : { ok: false, error: 'config.json could not be fetched and none is stored' };
  }
  if (!response.ok) return { ok: false, error: `config.json: HTTP ${response.status}` };
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    return { ok: false, error: 'config.json is not JSON' };
  }
  const config = parseDeploymentConfig(document, options.origin);
  if (!config) return { ok: false, error: 'config.json needs rootKey (base64url of 32 bytes) and apiBase (a URL or "")' };
  await db.meta.put({ key: STORED_KEY, value: { rootKey: config.rootKeyText, apiBase: config.apiBase } });
  return { ok: true, config, source: 'network' };
}
