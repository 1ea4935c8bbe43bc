/**
 * The demo's own tables beside Tollgate's: the notifier's outbox and a per-user usage counter.
 * Plain SQL over the same `query(text, params)` store the billing server uses (PGlite or pg).
 */

/** Anything that runs one SQL statement: PGlite, `pg.Pool`. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** One email the notifier sent. */
export interface OutboxEmail {
  id: number;
  userId: string;
  to: string;
  kind: string;
  subject: string;
  body: string;
  sentAt: string;
}

/** Usage counted by the demo's gated feature. */
export interface Usage {
  projects: number;
  apiCalls: number;
}

const SCHEMA = [
  `create table if not exists demo_outbox (
     id serial primary key,
     user_id text not null,
     to_email text not null,
     kind text not null,
     subject text not null,
     body text not null,
     sent_at timestamptz not null
   )`,
  'create index if not exists demo_outbox_user on demo_outbox (user_id, id)',
  `create table if not exists demo_usage (
     user_id text primary key,
     projects integer not null default 0,
     api_calls integer not null default 0
   )`,
];

interface OutboxRow {
  id: number;
  user_id: string;
  to_email: string;
  kind: string;
  subject: string;
  body: string;
  sent_at: Date | string;
}

/** The demo's tables. */
export interface DemoStore {
  migrate(): Promise<void>;
  sendEmail(email: Omit<OutboxEmail, 'id'>): Promise<void>;
  outbox(userId: string): Promise<OutboxEmail[]>;
  usage(userId: string): Promise<Usage>;
  /** Adds to one counter and answers the new totals. */
  count(userId: string, what: keyof Usage, by: number): Promise<Usage>;
}

/** Creates the demo store over `db`. */
export function createDemoStore(db: Queryable): DemoStore {
  const usage = async (userId: string): Promise<Usage> => {
    const { rows } = await db.query(
      'select projects, api_calls from demo_usage where user_id = $1',
      [userId],
    );
    const row = rows[0] as { projects: number; api_calls: number } | undefined;
    return { projects: row?.projects ?? 0, apiCalls: row?.api_calls ?? 0 };
  };
  return {
    async migrate() {
      for (const statement of SCHEMA) await db.query(statement);
    },
    async sendEmail(email) {
      await db.query(
        'insert into demo_outbox (user_id, to_email, kind, subject, body, sent_at) values ($1, $2, $3, $4, $5, $6)',
        [email.userId, email.to, email.kind, email.subject, email.body, email.sentAt],
      );
    },
    async outbox(userId) {
      const { rows } = await db.query(
        'select * from demo_outbox where user_id = $1 order by id desc limit 100',
        [userId],
      );
      return (rows as OutboxRow[]).map((row) => ({
        id: row.id,
        userId: row.user_id,
        to: row.to_email,
        kind: row.kind,
        subject: row.subject,
        body: row.body,
        sentAt: new Date(row.sent_at).toISOString(),
      }));
    },
    usage,
    async count(userId, what, by) {
      const column = what === 'projects' ? 'projects' : 'api_calls';
      await db.query(
        `insert into demo_usage (user_id, ${column}) values ($1, $2)
         on conflict (user_id) do update set ${column} = demo_usage.${column} + excluded.${column}`,
        [userId, by],
      );
      return usage(userId);
    },
  };
}
