import type { Queryable } from '../../store/types';

/** One callback waiting for (or done with) delivery. */
export interface CallbackRow {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
}

/**
 * The service's durable callback outbox, `tollgate_callbacks`: a hook's notification is stored
 * before the Stripe event counts as handled, so a crash between the two loses nothing (Stripe
 * retries the event, and the id makes the second insert a no-op). The service creates the table
 * at start; library users of `createBilling` never get it.
 */
export function callbackOutbox(db: Queryable, schema: string | null) {
  const table = schema ? `"${schema}".tollgate_callbacks` : 'tollgate_callbacks';
  return {
    async create(): Promise<void> {
      // Another instance (or the migrations) may create the same objects at the same moment.
      const tolerant = (text: string) =>
        db.query(text).catch((error: { code?: string }) => {
          if (!['23505', '42P06', '42P07'].includes(error?.code ?? '')) throw error;
        });
      if (schema) await tolerant(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await tolerant(`CREATE TABLE IF NOT EXISTS ${table} (
        id text PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        gave_up_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
      await tolerant(
        `CREATE INDEX IF NOT EXISTS tollgate_callbacks_due_idx ON ${table} (next_attempt_at)
         WHERE delivered_at IS NULL AND gave_up_at IS NULL`,
      );
    },
    /** Stores a callback once per id (a redelivered Stripe event adds nothing). */
    async add(id: string, type: string, payload: unknown): Promise<void> {
      await db.query(
        `INSERT INTO ${table} (id, type, payload) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING`,
        [id, type, JSON.stringify(payload)],
      );
    },
    /**
     * Claims up to `limit` due callbacks for `leaseSeconds` (another instance skips them until
     * then), oldest first.
     */
    async claimDue(limit: number, leaseSeconds: number): Promise<CallbackRow[]> {
      const { rows } = await db.query(
        `UPDATE ${table} SET next_attempt_at = now() + make_interval(secs => $2)
         WHERE id IN (
           SELECT id FROM ${table}
           WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, type, payload, attempts`,
        [limit, leaseSeconds],
      );
      return rows as CallbackRow[];
    },
    async delivered(id: string): Promise<void> {
      await db.query(
        `UPDATE ${table} SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`,
        [id],
      );
    },
    /** Records a failed attempt: retried after `delaySeconds`, or given up on. */
    async failed(id: string, error: string, delaySeconds: number | null): Promise<void> {
      await db.query(
        delaySeconds === null
          ? `UPDATE ${table} SET attempts = attempts + 1, last_error = $2, gave_up_at = now() WHERE id = $1`
          : `UPDATE ${table} SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
        delaySeconds === null ? [id, error] : [id, error, delaySeconds],
      );
    },
  };
}

/** The outbox's operations. */
export type CallbackOutbox = ReturnType<typeof callbackOutbox>;
