/**
 * JSON over fetch for the sync client, with the distinctions its retry logic needs: a
 * network failure or timeout (retry later), an HTTP error with its status (some are final,
 * like 401), and the local times around each request (for the clock offset).
 */

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
export interface JsonResponse {
  status: number;
  body: unknown;
  /** The HTTP Date header in ms, when readable. */
  date: number | null;
  sentAt: number;
  receivedAt: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  credential?: string;
  timeoutMs?: number;
  /** Statuses returned as answers instead of thrown as HttpError (e.g. 404, 410). */
  accept?: readonly number[];
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Sends one request; throws NetworkError, HttpError or ProtocolError. */
export async function requestJson(fetchFn: FetchLike, url: string, options: RequestOptions = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.credential) headers.Authorization = `Bearer ${options.credential}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  const sentAt = Date.now();
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      // Trust data is revalidated with the server's ETags; never served stale from cache.
      cache: 'no-cache',
      credentials: 'omit',
    });
  } catch (error) {
    clearTimeout(timer);
    throw new NetworkError(`${new URL(url).pathname}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const receivedAt = Date.now();
  let text: string;
  try {
    // The timeout covers the body too: a stalled download must not hang the sync loop.
    text = await response.text();
  } catch {
    throw new NetworkError(`${new URL(url).pathname}: the answer was cut off`);
  } finally {
    clearTimeout(timer);
  }
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      if (response.ok) throw new ProtocolError(`${new URL(url).pathname}: the answer is not JSON`);
    }
  }
  if (!response.ok && !options.accept?.includes(response.status)) throw new HttpError(response.status, body, url);
  const dateHeader = response.headers.get('Date');
  const date = dateHeader ? Date.parse(dateHeader) : NaN;
  return { status: response.status, body, date: Number.isFinite(date) ? date : null, sentAt, receivedAt };
}
