/**
 * Anything that runs one SQL statement with positional parameters: `pg.Pool`, `pg.Client`,
 * PGlite, Neon's serverless driver. Tollgate never needs a session or a transaction spanning
 * statements, so stateless HTTP drivers work too.
 */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * A pool's size, as `pg.Pool` (and pools built on it, such as Neon's) expose it. Above 1, the
   * store keeps two statements in flight; a wrapper around a pool should pass it on.
   */
  readonly options?: { readonly max?: number };
}

/** Status of one Stripe event in the ledger. */
export type LedgerStatus = 'processing' | 'done' | 'failed' | 'ignored';

/** One row of the event ledger. */
export interface LedgerEntry {
  id: string;
  type: string;
  customerId: string | null;
  status: LedgerStatus;
  attempts: number;
  error: string | null;
}

/** The user ↔ Stripe customer link. */
export interface CustomerRow {
  userId: string;
  customerId: string | null;
  hasHadTrial: boolean;
}
