import { BillingError } from '@tollgate/core';
import type { Queryable } from './types';

/** Where the embedded database lives when `createBilling` is given no `store` (from the working directory). */
export const DEFAULT_PGLITE_DIR = '.tollgate/pglite';

/** What is logged (as a warning) once the embedded store is migrated: where it is, and that production wants another. */
export function embeddedStoreNotice(applied: readonly number[]): string {
  return `No store given: using embedded PGlite in ./${DEFAULT_PGLITE_DIR} (${applied.length ? `applied migrations ${applied.join(', ')}` : 'up to date'}). Pass store (a PostgreSQL URL or client) in production.`;
}

/** What `store` may be: a client, a PostgreSQL URL, or nothing (embedded PGlite). */
export type StoreInput = Queryable | string | undefined;

/** A store opened from a {@link StoreInput}: `db` opens on its first query. */
export interface OpenedStore {
  db: Queryable;
  /** `pglite` when Tollgate opened its embedded database, `url` for a PostgreSQL URL. */
  kind: 'client' | 'url' | 'pglite';
  /** Closes what Tollgate opened (a given client is left open). */
  close(): Promise<void>;
}

interface Closable {
  end?: () => Promise<unknown>;
  close?: () => Promise<unknown>;
}

/**
 * Imports an optional peer at run time. The specifier is a variable so bundlers (Workers, Next)
 * do not try to resolve a peer the app did not install and does not use.
 */
function importPeer<T>(name: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name).catch((error: unknown) => {
    throw new BillingError(
      'CONFIG_INVALID',
      `Install ${name} to use this store (npm install ${name}).`,
      { cause: error },
    );
  }) as Promise<T>;
}

/** A Queryable that runs `open` on its first query (so construction stays synchronous). */
function lazy(
  open: () => Promise<Queryable & Closable>,
  max: number,
): OpenedStore['db'] & {
  close(): Promise<void>;
  /** The client once opened (the status cache listens on it). */
  underlying(): Promise<Queryable>;
} {
  let opening: Promise<Queryable & Closable> | null = null;
  const db = () => {
    opening ??= open();
    opening.catch(() => {
      opening = null;
    });
    return opening;
  };
  return {
    options: { max },
    query: async (text, params) => (await db()).query(text, params),
    underlying: db,
    async close() {
      if (!opening) return;
      const client = await opening.catch(() => null);
      opening = null;
      await (client?.end?.() ?? client?.close?.());
    },
  };
}

/** Creates a folder and its parents with the runtime's `node:fs` (Node, Bun and Deno have it). */
async function makeDir(dir: string): Promise<void> {
  const fs = await importPeer<{ mkdir(path: string, o: { recursive: true }): Promise<unknown> }>(
    'node:fs/promises',
  );
  await fs.mkdir(dir, { recursive: true });
}

/**
 * Opens the store a config names: a client as given; a `postgres://` URL as a `pg` pool; nothing
 * as embedded PGlite in {@link DEFAULT_PGLITE_DIR} (folder created). Nothing connects until the
 * first query.
 *
 * @example
 * openStore(process.env.DATABASE_URL); // PostgreSQL when set, else ./.tollgate/pglite
 */
export function openStore(input: StoreInput): OpenedStore {
  if (typeof input === 'object') return { db: input, kind: 'client', close: async () => {} };
  if (typeof input === 'string') {
    if (!/^postgres(ql)?:\/\//.test(input)) {
      throw new BillingError(
        'CONFIG_INVALID',
        'Tollgate config: store must be a PostgreSQL URL ("postgres://user:pass@host:5432/db"), a client with query(text, params), or left out for embedded PGlite.',
      );
    }
    const db = lazy(async () => {
      const { default: pg } = await importPeer<{
        default: { Pool: new (o: { connectionString: string }) => Queryable & Closable };
      }>('pg');
      return new pg.Pool({ connectionString: input });
    }, 10);
    return { db, kind: 'url', close: db.close };
  }
  return embeddedPglite();
}

/** One embedded PGlite per process, however many copies of Tollgate are loaded. */
const SHARED = Symbol.for('tollgate.embedded-pglite');

/**
 * The embedded store. PGlite keeps its data dir in memory and cannot share it with a second
 * instance, so every createBilling in the process shares one — also across bundles that each
 * carry their own copy of this module (Next.js builds pages and route handlers separately).
 */
function embeddedPglite(): OpenedStore {
  const scope = globalThis as { [SHARED]?: OpenedStore };
  scope[SHARED] ??= (() => {
    const db = lazy(async () => {
      await makeDir(DEFAULT_PGLITE_DIR);
      const { PGlite } = await importPeer<{
        PGlite: { create(dir: string): Promise<Queryable & Closable> };
      }>('@electric-sql/pglite');
      return PGlite.create(DEFAULT_PGLITE_DIR);
    }, 1);
    return { db, kind: 'pglite', close: db.close };
  })();
  return scope[SHARED];
}

/** Closes a client the caller owns (the CLI closes the config's store): `end()` or `close()`. */
export async function closeClient(db: Queryable): Promise<void> {
  const client = db as Queryable & Closable;
  await (client.end?.() ?? client.close?.());
}
