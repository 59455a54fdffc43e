/**
 * The one typed client of the HTTP API, for the scanner, the console and the holder app. A
 * call names its route by the route table's key (`'POST /api/admin/devices/:id/revoke'`);
 * its parameters, query, body and reply are the table's schemas' types, so a wrong path or
 * shape does not compile. This module imports the table's *type* only: no TypeBox in any
 * browser bundle.
 *
 * Failures are values: `offline` (no HTTP answer: network, abort), `not_modified` (304 to a
 * conditional GET) or `refused` (the server's 4xx/5xx with its `error`, and its `problem`
 * and `field` when it sent them). A 401 also calls `onUnauthorized` once, here: the console
 * signs out on it.
 */
import type { Static, TSchema } from 'typebox';
import type { RouteKey, Routes } from './routes.ts';

type Spec<K extends RouteKey> = Routes[K];
type Has<K extends RouteKey, F extends string> = Spec<K> extends { [P in F]: infer S extends TSchema } ? S : never;

/** What a call of route K sends: `params` and `body` when the route has them, `query` when it takes one. */
export type RouteInput<K extends RouteKey> = ([Has<K, 'params'>] extends [never]
  ? { params?: undefined }
  : { params: Static<Has<K, 'params'>> }) &
  ([Has<K, 'query'>] extends [never] ? { query?: undefined } : { query?: Static<Has<K, 'query'>> }) &
  ([Has<K, 'body'>] extends [never] ? { body?: undefined } : { body: Static<Has<K, 'body'>> });

type Replies<K extends RouteKey> = Spec<K>['reply'];
type Reply<K extends RouteKey, N extends number> = Replies<K> extends { [P in N]: infer S extends TSchema } ? Static<S> : never;
type Success<K extends RouteKey> = Reply<K, 200> | Reply<K, 201> | Reply<K, 202>;
/**
 * What a successful call of route K returns: its 200, 201 or 202 reply (a route with two,
 * such as a decision a second reviewer must confirm, returns either); nothing for a 204.
 */
export type RouteReply<K extends RouteKey> = [Success<K>] extends [never] ? undefined : Success<K>;

export type ApiResult<T> =
  | { ok: true; status: number; value: T; header: (name: string) => string | null }
  | { ok: false; kind: 'offline'; detail: string }
  | { ok: false; kind: 'not_modified' }
  | { ok: false; kind: 'refused'; status: number; error: string; problem?: string; field?: string; body: unknown };

/** The parts of fetch the client uses (core has no DOM types). */
export interface FetchResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: unknown;
  credentials?: 'omit' | 'same-origin' | 'include';
  cache?: 'default' | 'no-store' | 'no-cache';
}
export type Fetch = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface ApiClientOptions {
  fetch: Fetch;
  /** The server's origin (config.json's apiBase); '' for the page's own. */
  base?: string;
  credentials?: FetchInit['credentials'];
  cache?: FetchInit['cache'];
  /** Called when a route other than sign-in answers 401: the session or credential is gone. */
  onUnauthorized?: () => void;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer …` (device and holder routes). */
  credential?: string;
  /** An AbortSignal: the call is `offline` when it fires, even while the body downloads. */
  signal?: unknown;
  headers?: Record<string, string>;
}

export type ApiCall = <K extends RouteKey>(key: K, input: RouteInput<K>, options?: CallOptions) => Promise<ApiResult<RouteReply<K>>>;

type QueryValue = string | number | boolean | null | undefined;

/** The method of a route key. */
export function routeMethod(key: RouteKey): string {
  return key.slice(0, key.indexOf(' '));
}

/** The URL path of a route key with its `:name` parameters filled in (URL-encoded) and the query appended. */
export function routeUrl(key: RouteKey, params: object = {}, query: object = {}): string {
  const values = params as Record<string, QueryValue>;
  const path = key.slice(key.indexOf(' ') + 1).replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? '')));
  const pairs = Object.entries(query as Record<string, QueryValue>)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`;
}

function refusal(status: number, statusText: string, body: unknown): ApiResult<never> {
  const data = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof data[name] === 'string' ? { [name]: data[name] as string } : {});
  return {
    ok: false,
    kind: 'refused',
    status,
    error: typeof data.error === 'string' ? data.error : statusText || `HTTP ${status}`,
    ...text('problem'),
    ...text('field'),
    body,
  };
}

/** A client of one server. */
export function apiClient(options: ApiClientOptions): ApiCall {
  const base = options.base ?? '';
  return async (key, input, call = {}) => {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    if (call.credential) headers.authorization = `Bearer ${call.credential}`;
    let response: FetchResponse;
    let text: string;
    try {
      response = await options.fetch(base + routeUrl(key, input.params, input.query), {
        method: routeMethod(key),
        headers,
        ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
        ...(call.signal === undefined ? {} : { signal: call.signal }),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.cache ? { cache: options.cache } : {}),
      });
      text = await response.text();
    } catch (error) {
      return { ok: false, kind: 'offline', detail: error instanceof Error ? error.message : String(error) };
    }
    if (response.status === 304) return { ok: false, kind: 'not_modified' };
    let body: unknown = null;
    let parsed = true;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      parsed = false;
      body = text;
    }
    const success = response.status >= 200 && response.status < 300;
    if (!success) {
      if (response.status === 401 && key !== 'POST /api/admin/login') options.onUnauthorized?.();
      return refusal(response.status, response.statusText, body);
    }
    // A CSV route answers text; every other success must be JSON.
    if (!parsed && !(response.headers.get('content-type') ?? '').startsWith('text/'))
      return refusal(response.status, 'the answer is not JSON', body);
    return {
      ok: true,
      status: response.status,
      value: (response.status === 204 ? undefined : body) as never,
      header: (name) => response.headers.get(name),
    };
  };
}
