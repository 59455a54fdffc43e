/**
 * Which origin the server is, decided by configuration and by the connection, never by
 * the request's Host header (a client chooses that freely: "Host: evil.example" must not
 * become the enrollment link a phone follows).
 *
 * - `--public-url URL` (settings.publicUrl) wins: enrollment links start with it, the
 *   session cookie is `Secure` when it is https.
 * - `--trust-proxy` (settings.trustProxy, Fastify's trustProxy): the server sits behind a
 *   reverse proxy that sets X-Forwarded-Proto/-Host; then (and only then) those decide.
 * - Otherwise the address the connection arrived on (the socket's local address and port):
 *   what the client really reached, e.g. http://192.168.1.5:8080 on a LAN.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface OriginSettings {
  publicUrl: string | null;
  trustProxy?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** --public-url and --trust-proxy, for the helpers below (installPublicOrigin). */
    originSettings: OriginSettings;
  }
}

/** Makes the settings available to the helpers through any request (app.ts calls this first). */
export function installPublicOrigin(app: FastifyInstance, settings: OriginSettings): void {
  app.decorate('originSettings', settings);
}

const settingsOf = (request: FastifyRequest): OriginSettings => request.server.originSettings ?? { publicUrl: null };

/** The origin (scheme://host[:port]) of a base URL, or null when it is not an http(s) URL. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The origin of the address this connection reached (no Host header involved); null in-process (inject). */
export function connectionOrigin(request: FastifyRequest): string | null {
  const socket = request.raw.socket as (typeof request.raw.socket & { encrypted?: boolean }) | undefined;
  const address = socket?.localAddress;
  const port = socket?.localPort;
  if (!address || !port) return null;
  const scheme = socket.encrypted ? 'https' : 'http';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address;
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The origin a trusted proxy says the client used (X-Forwarded-Proto/-Host through Fastify), or null. */
function forwardedOrigin(request: FastifyRequest, settings: OriginSettings): string | null {
  if (!settings.trustProxy) return null;
  return originOf(`${request.protocol}://${request.host}`);
}

/**
 * The base URL for links the server hands out (the enrollment QR code): --public-url, else
 * what a trusted proxy forwarded, else the connection's own address ('http://localhost' in-process).
 */
export function publicBaseUrl(request: FastifyRequest, settings: OriginSettings = settingsOf(request)): string {
  return settings.publicUrl ?? forwardedOrigin(request, settings) ?? connectionOrigin(request) ?? 'http://localhost';
}

/** Whether the session cookie gets `Secure`: the public URL is https, or the request came over HTTPS (directly, or per a trusted proxy). */
export function cookieIsSecure(request: FastifyRequest, settings: OriginSettings = settingsOf(request)): boolean {
  if (settings.publicUrl) return settings.publicUrl.startsWith('https:');
  return request.protocol === 'https';
}

const LOOPBACK = /^(https?):\/\/(?:127\.\d+\.\d+\.\d+|\[::1\])(:\d+)$/;

/**
 * Every origin a browser page of this server may have: the public URL's, a trusted proxy's,
 * and the connection's own (for a loopback address also as `localhost`).
 */
export function ownOrigins(request: FastifyRequest, settings: OriginSettings = settingsOf(request)): string[] {
  const origins: string[] = [];
  const add = (origin: string | null) => {
    if (origin && !origins.includes(origin)) origins.push(origin);
  };
  if (settings.publicUrl) add(originOf(settings.publicUrl));
  add(forwardedOrigin(request, settings));
  const own = connectionOrigin(request);
  add(own);
  const loopback = own ? LOOPBACK.exec(own) : null;
  if (loopback) add(`${loopback[1]}://localhost${loopback[2]}`);
  return origins;
}
