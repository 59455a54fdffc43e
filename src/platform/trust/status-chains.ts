/**
 * The scanner's status chains, one IdbStatusList per authority (gc1.md §6). A document goes to the
 * chain of its own authority (openStatusList checked that its signer may speak for it), so a peer's
 * snapshot never replaces the home list and a gap in one chain never blocks another. It implements
 * core's StatusChains, so verify() reads the code's own authority's chain.
 */
import type { StatusChains, StatusDocument, StatusPlan } from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import { emptyHeadOf, IdbStatusList, headIdOf, type StatusListOptions } from './status-list.ts';
import { withWriterLock } from './writer-lock.ts';

const CHAINS_LOCK = 'gatecheck-status-chains';

export class IdbStatusChains implements StatusChains {
  private readonly lists = new Map<string, IdbStatusList>();

  private constructor(
    private readonly db: GatecheckDb,
    private readonly options: (authority: string) => StatusListOptions,
  ) {}

  /** Opens every chain held, and resumes any swap a crash interrupted. */
  static async open(db: GatecheckDb, options: (authority: string) => StatusListOptions = () => ({})): Promise<IdbStatusChains> {
    const chains = new IdbStatusChains(db, options);
    await chains.reload();
    return chains;
  }

  /** Re-reads which chains exist (another tab may have added one) and each chain's head. */
  async reload(): Promise<void> {
    const heads = await this.db.statusHead.toArray();
    for (const head of heads) {
      const known = this.lists.get(head.authority);
      if (known) await known.reload();
      else
        this.lists.set(
          head.authority,
          await IdbStatusList.open(this.db, { authority: head.authority, n: head.n }, this.options(head.authority)),
        );
    }
  }

  /** The chain of an authority, or null when none is held (verify() then applies no status). */
  chain(authority: string): IdbStatusList | null {
    return this.lists.get(authority) ?? null;
  }

  /** The authorities with a chain, in the order of their numbers. */
  authorities(): string[] {
    return [...this.lists.values()].sort((a, b) => a.place.n - b.place.n).map((l) => l.authority);
  }

  /** The chain of an authority, created (with the next free number) when none exists yet. */
  async chainFor(authority: string): Promise<IdbStatusList> {
    const known = this.lists.get(authority);
    if (known) return known;
    const place = await withWriterLock(CHAINS_LOCK, () =>
      this.db.transaction('rw', this.db.statusHead, async () => {
        const existing = await this.db.statusHead.get(headIdOf(authority));
        if (existing) return { authority, n: existing.n };
        const heads = await this.db.statusHead.toArray();
        const n = heads.reduce((max, h) => Math.max(max, h.n + 1), 0);
        await this.db.statusHead.put(emptyHeadOf(authority, n));
        return { authority, n };
      }),
    );
    const list = this.lists.get(authority) ?? (await IdbStatusList.open(this.db, place, this.options(authority)));
    this.lists.set(authority, list);
    return list;
  }

  /** Applies one verified document to its own authority's chain. */
  async apply(doc: StatusDocument): Promise<StatusPlan> {
    return (await this.chainFor(doc.authority)).apply(doc);
  }

  /** Finishes interrupted swaps in every chain. */
  async resume(): Promise<void> {
    for (const list of this.lists.values()) await list.resume();
  }
}
