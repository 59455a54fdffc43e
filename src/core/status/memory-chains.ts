/**
 * One in-memory status list per authority (gc1.md §6): each verified document extends only its own
 * authority's chain, so a gap or a snapshot in one chain never touches another. For the CLI, the
 * server and tests; the scanner keeps the same split in IndexedDB.
 */
import type { StatusChains } from '../verify.ts';
import type { StatusDocument } from './document.ts';
import { MemoryStatusList } from './memory-list.ts';
import type { StatusPlan } from './plan.ts';

export class MemoryStatusChains implements StatusChains {
  private readonly chains = new Map<string, MemoryStatusList>();

  /** Applies one verified document to its authority's chain; returns what was done. */
  apply(doc: StatusDocument): StatusPlan {
    let list = this.chains.get(doc.authority);
    if (!list) {
      list = new MemoryStatusList();
      this.chains.set(doc.authority, list);
    }
    return list.apply(doc);
  }

  chain(authority: string): MemoryStatusList | null {
    return this.chains.get(authority) ?? null;
  }

  /** The authorities with a chain held, in the order they were first seen. */
  authorities(): string[] {
    return [...this.chains.keys()];
  }
}
