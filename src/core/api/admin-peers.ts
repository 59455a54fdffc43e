/**
 * Recognised authorities and relayed peers as the console shows them (issue 15): each
 * authority of the published bundle with its keys' fingerprints, for comparing them out of
 * band with the other region, and each peer this server relays (`gatecheck serve --peer`):
 * its last successful pull, its chain position, its lag behind the peer, and whether its data
 * is older than the stale threshold.
 */
import { Type, type Static } from 'typebox';

/** One key of an authority, with its fingerprint (core's keyFingerprint). */
export const AuthorityKey = Type.Object({
  kid: Type.String(),
  use: Type.Union([Type.Literal('issuer'), Type.Literal('status')]),
  /** "ABCD EFGH …": SHA-256 of the public key, 160 bits in base32 groups. */
  fingerprint: Type.String(),
  /** Display names by BCP 47 tag. */
  name: Type.Record(Type.String(), Type.String()),
  notBefore: Type.Integer(),
  notAfter: Type.Integer(),
});
export type AuthorityKey = Static<typeof AuthorityKey>;

export const RecognisedAuthority = Type.Object({
  authority: Type.String(),
  /** True for the bundle's home authority (this region). */
  home: Type.Boolean(),
  keys: Type.Array(AuthorityKey),
});
export type RecognisedAuthority = Static<typeof RecognisedAuthority>;

/** One relayed peer. Times are Unix ms; sequences are chain positions. */
export const PeerRelayState = Type.Object({
  authority: Type.String(),
  url: Type.String(),
  /** The position of the relayed chain here (null before its first snapshot is in). */
  seq: Type.Union([Type.Integer(), Type.Null()]),
  /** The peer's own head at its last answer. */
  peerSeq: Type.Union([Type.Integer(), Type.Null()]),
  /** peerSeq − seq: status changes the peer published that are not relayed yet (null before both are known). */
  lag: Type.Union([Type.Integer(), Type.Null()]),
  lastOkMs: Type.Union([Type.Integer(), Type.Null()]),
  lastAttemptMs: Type.Union([Type.Integer(), Type.Null()]),
  /** The last failure in plain words (null after a success). */
  lastError: Type.Union([Type.String(), Type.Null()]),
  /** Seconds since the relay last confirmed it holds the peer's head (null: never). */
  dataAgeSeconds: Type.Union([Type.Number(), Type.Null()]),
  /** True when the data is older than staleAfterSeconds, or was never pulled. */
  stale: Type.Boolean(),
});
export type PeerRelayState = Static<typeof PeerRelayState>;

/** GET /api/admin/peers. */
export const AdminPeers = Type.Object({
  /** Beyond this age a peer's relayed data is stale (the default checkpoint policy's staleAfter). */
  staleAfterSeconds: Type.Number(),
  /** Every authority of the published bundle, home first (empty before a bundle is imported). */
  authorities: Type.Array(RecognisedAuthority),
  peers: Type.Array(PeerRelayState),
});
export type AdminPeers = Static<typeof AdminPeers>;
