/** Starts the peer relay with the server (once it is ready) and stops it when the server closes. */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_AUTHORITY, type TrustBundle } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { publishedBundle } from '../trust/trust-store.ts';
import { PeerRelay, type PeerRelayOptions, type PeerSpec } from './peer-relay.ts';

/** Why a `--peer` cannot be relayed with this bundle (in words an operator can act on), or null when every one can. */
export function unrecognisedPeer(bundle: TrustBundle | null, peers: readonly PeerSpec[]): string | null {
  for (const { authority } of peers) {
    const home = bundle?.authority ?? DEFAULT_AUTHORITY;
    if (authority === home) return `--peer ${authority}: that is this region's own authority, not a peer`;
    if (!bundle?.keys.some((k) => k.use === 'status' && k.authority === authority)) {
      const known = bundle ? [...new Set(bundle.keys.map((k) => k.authority))].filter((a) => a !== home) : [];
      return (
        `--peer ${authority}: the served trust bundle does not recognise authority ${authority} ` +
        `(${known.length ? `it recognises ${known.join(', ')}` : 'it recognises no other authority'}); ` +
        `sign one with "gatecheck trust … --recognise ${authority}=FILE --recognise-root ${authority}=PUB" and start with --trust FILE`
      );
    }
  }
  return null;
}

export function installPeerRelay(app: FastifyInstance, ctx: ServerContext, peers: PeerSpec[], options: PeerRelayOptions): PeerRelay {
  const relay = new PeerRelay(
    {
      db: ctx.db,
      chains: ctx.peers,
      bundle: () => publishedBundle(ctx.db),
      ed25519: ctx.ed25519,
      fetch: globalThis.fetch,
      requestTimeoutMs: options.requestTimeoutMs,
      now: ctx.now,
      random: Math.random,
      log: (level, fields, message) => app.log[level](fields, message),
    },
    peers,
    options,
  );
  app.addHook('onReady', async () => {
    await relay.start();
  });
  // preClose runs before every onClose hook: the pulls let go of their leases while the database is still open.
  app.addHook('preClose', async () => {
    await relay.stop();
  });
  return relay;
}
