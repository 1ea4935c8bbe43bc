/**
 * Anything that runs one SQL statement with positional parameters: `pg.Pool`, `pg.Client`,
 * PGlite, Neon's serverless driver. Tollgate never needs a session or a transaction spanning
 * statements, so stateless HTTP drivers work too.
 */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Status of one Stripe event in the ledger. */
export type LedgerStatus = 'processing' | 'done' | 'failed';

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
