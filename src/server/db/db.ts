/** The one small database interface the server uses; PGlite and PostgreSQL both implement it. */

/** Runs SQL. One dialect for both engines: PostgreSQL's, with $1-style parameters. */
export interface Queryable {
  /** Rows of a single statement. bigint columns come back as JS numbers (all ours fit). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A database: queries, transactions, and closing. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the data lives: embedded PGlite (a directory, or memory when absent) or a PostgreSQL URL. */
export type DbLocation = { kind: 'pglite'; dir?: string } | { kind: 'postgres'; url: string };
