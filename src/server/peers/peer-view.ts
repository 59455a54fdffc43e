/**
 * What the console and /metrics say about recognised authorities and relayed peers (issue 15):
 * each authority of the published bundle with its keys' fingerprints, and each peer's last
 * successful pull, position, lag behind the peer and data age against the stale threshold.
 */
import { DEFAULT_POLICY, authoritiesOf, keyFingerprint, type TrustBundle } from '../../core/index.ts';
import type { AdminPeers, PeerRelayState, RecognisedAuthority } from '../../core/api/admin-peers.ts';
import type { PeerRow } from './peer-chains.ts';

/** Beyond this age relayed data is stale: the threshold checkpoints warn at by default. */
export const PEER_STALE_AFTER_SECONDS = DEFAULT_POLICY.staleAfter;

/** The bundle's authorities, home first, each with its keys and their fingerprints. */
export function recognisedAuthorities(bundle: TrustBundle | null): RecognisedAuthority[] {
  if (!bundle) return [];
  const ids = authoritiesOf(bundle);
  const ordered = [bundle.authority, ...ids.filter((id) => id !== bundle.authority)];
  return ordered.map((authority) => ({
    authority,
    home: authority === bundle.authority,
    keys: bundle.keys
      .filter((k) => k.authority === authority)
      .map((k) => ({
        kid: k.kid,
        use: k.use,
        fingerprint: keyFingerprint(k.publicKey),
        name: k.name,
        notBefore: k.notBefore,
        notAfter: k.notAfter,
      })),
  }));
}

/** One peer's state at `nowMs`. */
export function peerState(row: PeerRow, nowMs: number): PeerRelayState {
  const dataAgeSeconds = row.last_ok_ms === null ? null : Math.max(0, (nowMs - row.last_ok_ms) / 1000);
  return {
    authority: row.authority,
    url: row.url,
    seq: row.seq,
    peerSeq: row.peer_seq,
    lag: row.seq === null || row.peer_seq === null ? null : Math.max(0, row.peer_seq - row.seq),
    lastOkMs: row.last_ok_ms,
    lastAttemptMs: row.last_attempt_ms,
    lastError: row.last_error,
    dataAgeSeconds,
    stale: dataAgeSeconds === null || dataAgeSeconds > PEER_STALE_AFTER_SECONDS,
  };
}

export function adminPeers(bundle: TrustBundle | null, rows: PeerRow[], nowMs: number): AdminPeers {
  return {
    staleAfterSeconds: PEER_STALE_AFTER_SECONDS,
    authorities: recognisedAuthorities(bundle),
    peers: rows.map((row) => peerState(row, nowMs)),
  };
}
