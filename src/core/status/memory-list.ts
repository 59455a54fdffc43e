/** An in-memory status list driven by planStatusUpdate: for the CLI, the server and tests. */
import type { StatusView } from '../verify.ts';
import type { StatusDocument, StatusEntry, StatusEntryWithCid } from './document.ts';
import { planStatusUpdate, type StatusHeld, type StatusPlan } from './plan.ts';

export class MemoryStatusList implements StatusView {
  seq: number | null = null;
  issuedAt: number | null = null;
  checkedAt: number | null = null;
  private entries = new Map<string, StatusEntry>();
  private pending: { to: number; parts: number; issuedAt: number; byPart: Map<number, StatusEntryWithCid[]> } | null = null;

  held(): StatusHeld {
    return {
      seq: this.seq,
      pending: this.pending && { to: this.pending.to, parts: this.pending.parts, have: [...this.pending.byPart.keys()] },
    };
  }

  /** Applies one verified document; returns what was done. */
  apply(doc: StatusDocument): StatusPlan {
    const plan = planStatusUpdate(this.held(), doc);
    switch (plan.kind) {
      case 'replace':
        this.replace(plan.to, plan.issuedAt, [plan.entries]);
        break;
      case 'store-part': {
        if (plan.dropPending || !this.pending)
          this.pending = { to: plan.to, parts: plan.parts, issuedAt: plan.issuedAt, byPart: new Map() };
        this.pending.byPart.set(plan.part, plan.entries);
        this.pending.issuedAt = Math.max(this.pending.issuedAt, plan.issuedAt);
        if (plan.completes) {
          const { byPart, to, parts, issuedAt } = this.pending;
          const ordered: StatusEntryWithCid[][] = [];
          for (let k = 1; k <= parts; k++) ordered.push(byPart.get(k)!);
          this.replace(to, issuedAt, ordered);
        }
        break;
      }
      case 'apply-delta':
        for (const e of plan.entries) this.entries.set(e.cid, toEntry(e));
        this.seq = plan.to;
        this.issuedAt = plan.issuedAt;
        break;
      case 'ignore':
      case 'gap':
        break;
    }
    return plan;
  }

  lookup(cid: string): StatusEntry | undefined {
    return this.entries.get(cid);
  }

  get size(): number {
    return this.entries.size;
  }

  private replace(to: number, issuedAt: number, lists: StatusEntryWithCid[][]): void {
    const next = new Map<string, StatusEntry>();
    for (const list of lists) for (const e of list) next.set(e.cid, toEntry(e));
    this.entries = next;
    this.seq = to;
    this.issuedAt = issuedAt;
    this.pending = null;
  }
}

function toEntry(e: StatusEntryWithCid): StatusEntry {
  return e.until === undefined ? { status: e.status } : { status: e.status, until: e.until };
}
