/** Everything a request handler needs, built once at start-up and passed to the routes. */
import type { Ed25519Signer, Ed25519Verifier } from '../core/index.ts';
import type { Db } from './db/db.ts';
import type { IssuerKey } from './issuance/issuer.ts';
import type { PeerChains } from './peers/peer-chains.ts';
import type { StatusPublisher, StatusSettings } from './status/status-publisher.ts';
import type { HttpTimeouts } from './http/timeouts.ts';

/** The keys the server holds: the root's public half only; the status key to sign with. */
export interface ServerKeys {
  rootPublicKey: Uint8Array;
  statusSigner: Ed25519Signer;
  statusKid: string;
  /** Present when DIR/keys/issuer.json has its secret (the demo): the console issues demo codes. */
  issuerSigner: Ed25519Signer | null;
  /**
   * The key holder codes are signed with (`--issuer-key FILE`, else DIR/keys/issuer.json with
   * its secret); it must be listed in the published trust bundle as an issuer key to be used.
   */
  issuer: IssuerKey | null;
}

/** Tunables; tests shrink them. */
export interface ServerSettings {
  status: StatusSettings;
  enrollmentTtlMs: number;
  sessionTtlMs: number;
  loginAttempts: { max: number; windowMs: number };
  /** The built PWA (vite build output), or null when not built. */
  distDir: string | null;
  /** DIR/demo, holding the demo codes page data, or null outside the demo. */
  demoDir: string | null;
  /** Base URL of the server as clients reach it (--public-url): enrollment links, the cookie's Secure flag
   * and the admin API's same-origin check (src/server/http/public-origin.ts); never the Host header. */
  publicUrl: string | null;
  /**
   * Behind a reverse proxy (--trust-proxy): X-Forwarded-For/-Proto/-Host are believed (client
   * addresses for rate limits and logs, https, origin). Off by default, where those headers are
   * the client's to forge; without it, every client behind a proxy shares the proxy's address.
   */
  trustProxy?: boolean;
  /** Slow-client limits (src/server/http/timeouts.ts); tests shrink them. */
  timeouts?: Partial<HttpTimeouts>;
  /** PGlite's data folder, whose free space /healthz watches (null: PostgreSQL or in memory). */
  pgliteDir?: string | null;
  /** Entries scanned longer ago than this many days are deleted; null keeps them all. */
  entryRetentionDays: number | null;
  /** Holder applications allowed per client address per window (POST /api/holder/applications). */
  holderApplyLimit: { max: number; windowMs: number };
  /** Application data is deleted this many days after its last code expires (or after rejection). */
  applicationRetentionDays: number;
}

export interface ServerContext {
  db: Db;
  /** Null on a server not set up yet (no keys in DIR/keys, no --demo): it signs and issues nothing (keys/server-setup.ts). */
  keys: ServerKeys | null;
  ed25519: Ed25519Verifier;
  status: StatusPublisher;
  /** Recognised peers' status chains as relayed here (`serve --peer`; shared by servers on one PostgreSQL). */
  peers: PeerChains;
  settings: ServerSettings;
  /** Unix milliseconds; tests move it. */
  now(): number;
}
