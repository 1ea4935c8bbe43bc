import type { Queryable } from './types';

/** The channel `sql/007-status-notify.sql` announces link and snapshot writes on. */
export const STATUS_CHANNEL = 'tollgate_status';

/** The listening connection's `application_name` (how it shows in `pg_stat_activity`). */
export const LISTENER_NAME = 'tollgate-status-cache';

/**
 * `listening`: every write committed since `since()` reaches `onNotice`; `down`: the connection
 * is lost or not yet listening (nothing may be trusted to arrive).
 */
export type NoticeState = 'listening' | 'down';

/** A subscription to {@link STATUS_CHANNEL}. */
export interface Notices {
  state(): NoticeState;
  /**
   * When the last proof of life was asked for (`performance.now()` time): every write committed
   * before it has been delivered. `Infinity` for an embedded database, whose notices arrive with
   * the write itself.
   */
  confirmedAt(): number;
  close(): Promise<void>;
}

/** What the subscription reports. */
export interface NoticeHandlers {
  /** One payload: `u:<user id>`, `c:<customer id>` or `*`. */
  onNotice(payload: string): void;
  /** Listening (again): whatever was kept before may have missed writes. */
  onListening(): void;
  /** Anything worth a log line (connection lost, reconnect failed). */
  onProblem(message: string): void;
}

/** PGlite: notices come from the one embedded database, in the same process. */
interface Embedded {
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/** A `pg` client (or one checked out of a pool), as far as listening goes. */
interface ListenClient {
  connect?(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  on(
    event: 'notification',
    listener: (message: { channel: string; payload?: string }) => void,
  ): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  end?(): Promise<unknown>;
  release?(destroy?: boolean): void;
}

/** A `pg.Pool` (or a pool built on it, as Neon's WebSocket one): it can open a client of its own. */
interface Pool {
  Client?: new (options: unknown) => ListenClient;
  options?: unknown;
  connect(): Promise<ListenClient>;
}

/** A store wrapper (`openStore`'s lazy one) that can hand over what it wraps. */
interface Wrapper {
  underlying(): Promise<Queryable>;
}

const has = <K extends string>(value: unknown, key: K): value is Record<K, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<K, unknown>)[key] === 'function';

/** Whether Tollgate can listen on this store: PGlite, a `pg` pool, or a PostgreSQL URL it opened. */
export function canListen(db: Queryable): boolean {
  const pool = has(db, 'connect') && ('Client' in db || 'totalCount' in db);
  return has(db, 'listen') || pool || has(db, 'underlying');
}

/** How {@link listenForStatus} keeps a PostgreSQL listener honest. */
export interface ListenOptions {
  /** Proof of life every this many milliseconds (a `SELECT 1` on the listening connection). */
  heartbeatMs: number;
  /** A proof of life unanswered this long: the connection counts as lost and is replaced. */
  timeoutMs: number;
  /**
   * Runs once listening has begun and before anything is trusted, with statements sent on the
   * listening connection: the status triggers are installed here (`statusTriggers`). On
   * PostgreSQL a failure counts as a failed connection attempt (retried); on PGlite it is reported
   * once and the cache stays `down` (every read goes to the store).
   */
  prepare?: (run: (sql: string) => Promise<unknown>) => Promise<void>;
}

/**
 * Subscribes to the store's status notices. PGlite delivers them in-process, with the write
 * (so every store sharing one PGlite hears every write). PostgreSQL gets a connection of its own
 * (`LISTEN`), never one of the pool's, with a heartbeat: a lost or silent connection turns the
 * state `down` and is replaced (100 ms, then doubling up to 5 s), and `onListening` tells the
 * cache to forget what it kept.
 */
export function listenForStatus(
  db: Queryable,
  handlers: NoticeHandlers,
  options: ListenOptions,
): Notices {
  let closed = false;
  let state: NoticeState = 'down';
  let confirmed = Number.NEGATIVE_INFINITY;
  let stop: () => Promise<void> = async () => {};

  const start = async () => {
    const target = has(db, 'underlying') ? await (db as unknown as Wrapper).underlying() : db;
    if (has(target, 'listen')) {
      const unlisten = await (target as unknown as Embedded).listen(
        STATUS_CHANNEL,
        handlers.onNotice,
      );
      stop = unlisten;
      if (closed) return void (await unlisten());
      await options.prepare?.((sql) => target.query(sql));
      if (closed) return;
      state = 'listening';
      confirmed = Number.POSITIVE_INFINITY;
      handlers.onListening();
      return;
    }
    stop = postgresListener(target as unknown as Pool, handlers, options, {
      set: (next) => {
        state = next;
      },
      confirm: (at) => {
        confirmed = at;
      },
      closed: () => closed,
    });
  };
  const starting = start().catch((error: unknown) => {
    handlers.onProblem(`status cache: cannot listen on the store (${(error as Error).message})`);
  });

  return {
    state: () => state,
    confirmedAt: () => (state === 'listening' ? confirmed : Number.NEGATIVE_INFINITY),
    async close() {
      closed = true;
      state = 'down';
      await starting;
      // The database may be closed already (PGlite ends with its process's tests).
      await stop().catch(() => undefined);
    },
  };
}

interface Reporter {
  set(state: NoticeState): void;
  confirm(at: number): void;
  closed(): boolean;
}

/** The PostgreSQL side of {@link listenForStatus}: connect, LISTEN, heartbeat, reconnect. */
function postgresListener(
  pool: Pool,
  handlers: NoticeHandlers,
  { heartbeatMs, timeoutMs, prepare }: ListenOptions,
  report: Reporter,
): () => Promise<void> {
  let client: ListenClient | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let beat: ReturnType<typeof setInterval> | null = null;
  let inFlight: number | null = null;

  const schedule = (fn: () => void, ms: number) => {
    timer = setTimeout(fn, ms);
    (timer as { unref?: () => void }).unref?.();
  };
  const drop = (reason: string) => {
    if (client === null) return;
    const lost = client;
    client = null;
    report.set('down');
    if (beat) clearInterval(beat);
    beat = null;
    inFlight = null;
    dispose(lost);
    if (report.closed()) return;
    handlers.onProblem(`status cache: listening connection lost (${reason}); reconnecting`);
    schedule(connect, Math.min(100 * 2 ** attempt++, 5_000));
  };
  const connect = async () => {
    if (report.closed()) return;
    let next: ListenClient | null = null;
    try {
      next = pool.Client
        ? new pool.Client({ ...(pool.options as object), application_name: LISTENER_NAME })
        : await pool.connect();
      const mine = next;
      mine.on('error', (error) => (client === mine ? drop(error?.message ?? 'error') : undefined));
      mine.on('end', () => (client === mine ? drop('connection ended') : undefined));
      mine.on('notification', (message) => {
        if (client === mine && message.channel === STATUS_CHANNEL) {
          handlers.onNotice(message.payload ?? '*');
        }
      });
      if (pool.Client) await mine.connect?.();
      const asked = performance.now();
      await mine.query(`LISTEN ${STATUS_CHANNEL}`);
      await prepare?.((sql) => mine.query(sql));
      if (report.closed()) return void (await dispose(mine));
      client = mine;
      attempt = 0;
      report.confirm(asked);
      report.set('listening');
      handlers.onListening();
      beat = setInterval(() => heartbeat(mine), heartbeatMs);
      (beat as { unref?: () => void }).unref?.();
    } catch (error) {
      if (next) await dispose(next);
      handlers.onProblem(`status cache: cannot listen (${(error as Error).message}); retrying`);
      schedule(connect, Math.min(100 * 2 ** attempt++, 5_000));
    }
  };
  const heartbeat = (current: ListenClient) => {
    const now = performance.now();
    if (inFlight !== null) {
      if (now - inFlight > timeoutMs) drop(`no answer to a heartbeat in ${timeoutMs} ms`);
      return;
    }
    inFlight = now;
    current.query('SELECT 1').then(
      () => {
        if (client !== current) return;
        report.confirm(now);
        inFlight = null;
      },
      (error: Error) => (client === current ? drop(error.message) : undefined),
    );
  };
  void connect();
  return async () => {
    if (timer) clearTimeout(timer);
    if (beat) clearInterval(beat);
    const last = client;
    client = null;
    if (last) await dispose(last);
  };
}

/** Lets a listening client go: ended when Tollgate opened it, destroyed when it was the pool's. */
async function dispose(client: ListenClient): Promise<void> {
  try {
    if (client.release) client.release(true);
    else await client.end?.();
  } catch {
    // Already gone.
  }
}
