/**
 * The sync client's calls (core's one typed client underneath), with the distinctions its
 * retry logic needs: a network failure or timeout (retry later), an HTTP error with its
 * status (some are final, like 401), and the local times around each request (for the clock
 * offset).
 */
import { apiClient, routeUrl, type RouteInput, type RouteReply } from '../../core/api/api-client.ts';
import type { RouteKey } from '../../core/api/routes.ts';

/** The request never got an HTTP answer (offline, DNS, reset, timeout). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/** The server answered with an error status; `body.error` when it sent one. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    url: string,
  ) {
    const detail =
      body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
        ? `: ${(body as { error: string }).error}`
        : '';
    super(`HTTP ${status} from ${new URL(url).pathname}${detail}`);
  }
}

/** The answer arrived but is not what the protocol says (a bug or a wrong server). */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** A parsed JSON answer and when it was sent and received (device clock, ms). */
export interface JsonResponse<T> {
  status: number;
  /** The reply (a success), or the body of an accepted error status. */
  body: T | unknown;
  /** The HTTP Date header in ms, when readable. */
  date: number | null;
  sentAt: number;
  receivedAt: number;
}

export interface RequestOptions {
  credential?: string;
  timeoutMs?: number;
  /** Statuses returned as answers instead of thrown as HttpError (e.g. 404, 410). */
  accept?: readonly number[];
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Calls route `key` of `base` through core's typed client; throws NetworkError, HttpError or
 * ProtocolError. The timeout covers the body too: a stalled download must not hang the sync loop.
 */
export async function requestJson<K extends RouteKey>(
  fetchFn: FetchLike,
  base: string,
  key: K,
  input: RouteInput<K>,
  options: RequestOptions = {},
): Promise<JsonResponse<RouteReply<K>>> {
  // Trust data is revalidated with the server's ETags; never served stale from cache.
  const call = apiClient({ fetch: (url, init) => fetchFn(url, init as RequestInit), base, cache: 'no-cache', credentials: 'omit' });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  const path = routeUrl(key, input.params).split('?')[0];
  const sentAt = Date.now();
  const result = await call(key, input, { signal: controller.signal, ...(options.credential ? { credential: options.credential } : {}) });
  clearTimeout(timer);
  const receivedAt = Date.now();
  if (result.ok) {
    const date = Date.parse(result.header('Date') ?? '');
    return { status: result.status, body: result.value, date: Number.isFinite(date) ? date : null, sentAt, receivedAt };
  }
  if (result.kind !== 'refused') throw new NetworkError(`${path}: ${result.kind === 'offline' ? result.detail : 'not modified'}`);
  if (result.status < 300) throw new ProtocolError(`${path}: ${result.error}`);
  if (!options.accept?.includes(result.status)) throw new HttpError(result.status, result.body, base + path);
  return { status: result.status, body: result.body, date: null, sentAt, receivedAt };
}
