/** One figure of `npm run bench`. Each bench module exports `bench(): Promise<BenchRow[]>`. */
export interface BenchRow {
  /** Rows of a group are compared with each other (same units, same run). */
  group: string;
  /** What was measured, unique within its group. */
  name: string;
  value: number;
  /** e.g. 'verifies/s', 'µs/code', 'ms', 'KB gzip'. */
  unit: string;
  /** The `name` of the row of the same group this one is compared with (its ratio column). */
  baseline?: string;
  /** Conditions worth knowing when reading the figure (sizes, counts, targets). */
  note?: string;
}

/** A bench module's contract. */
export type BenchModule = { bench(): Promise<BenchRow[]> };
