/**
 * Which chain a status route's `?authority=ID` names (GC1 1.1 §6): absent, or the home
 * authority of the published bundle, is this server's own chain (what every scanner fetched
 * before there were peers); a peer this region relays is that peer's chain; anything else is
 * a 404 that says so (a scanner then knows this server relays nothing of that authority).
 */
import { DEFAULT_AUTHORITY, type StatusHead } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { publishedBundle } from '../trust/trust-store.ts';

export type StatusSource = { kind: 'home' } | { kind: 'peer'; authority: string; head: StatusHead } | { kind: 'none'; why: string };

export async function statusSource(ctx: ServerContext, authority: string | undefined): Promise<StatusSource> {
  if (authority === undefined) return { kind: 'home' };
  const head = await ctx.peers.head(authority);
  if (head) return { kind: 'peer', authority, head };
  const bundle = await publishedBundle(ctx.db);
  if (authority === (bundle?.authority ?? DEFAULT_AUTHORITY)) return { kind: 'home' };
  const relayed = await ctx.peers.row(authority);
  return {
    kind: 'none',
    why: relayed
      ? `no status of authority ${authority} is relayed here yet (the relay has not pulled it)`
      : `this server relays no status of authority ${authority}`,
  };
}
