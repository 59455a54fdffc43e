/**
 * The one rule for a GET /api/status/deltas reply, for the home chain (StatusPublisher) and
 * for a relayed peer's chain (peers/peer-chains.ts): the stored deltas from `from` must join
 * up to the head with no gap, and stay within what one reply may carry; otherwise the client
 * is told to take the snapshot (410).
 */
/** What one reply may carry (StatusSettings' fields of the same names). */
export interface ChainLimits {
  maxDeltaChain: number;
  maxChainEntries: number;
}

export interface StoredDelta {
  from_seq: number;
  to_seq: number;
  entry_count: number;
  envelope: string;
}

/** The chain's JSON body, or why it cannot be served (the caller answers 410 with its snapshot). */
export type ChainAnswer = { kind: 'chain'; body: string } | { kind: 'gone'; why: string };

/** Judges the rows read for `from` (ordered by from_seq, at most maxDeltaChain + 1 of them). */
export function deltaChain(rows: StoredDelta[], from: number, head: number, settings: ChainLimits): ChainAnswer {
  if (from === head) return { kind: 'chain', body: '{"envelopes":[]}' };
  const unknown: ChainAnswer = { kind: 'gone', why: `sequence ${from} is not one this server published` };
  if (from < 1 || from > head) return unknown;
  if (rows.length === 0 || rows[0]!.from_seq !== from) return unknown;
  if (rows.length > settings.maxDeltaChain) return { kind: 'gone', why: `more than ${settings.maxDeltaChain} deltas behind` };
  let entries = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && rows[i]!.from_seq !== rows[i - 1]!.to_seq) return { kind: 'gone', why: 'the delta chain has a gap' };
    entries += rows[i]!.entry_count;
  }
  if (rows[rows.length - 1]!.to_seq !== head) return { kind: 'gone', why: 'the delta chain does not reach the head' };
  if (entries > settings.maxChainEntries) return { kind: 'gone', why: `more than ${settings.maxChainEntries} changes behind` };
  return { kind: 'chain', body: `{"envelopes":[${rows.map((r) => r.envelope).join(',')}]}` };
}
