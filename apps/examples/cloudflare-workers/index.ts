/**
 * The deployed Worker (`wrangler deploy`; see wrangler.toml: `nodejs_compat` for `pg`, and a
 * Hyperdrive binding named HYPERDRIVE in front of your PostgreSQL). `wrangler dev` runs it
 * locally in workerd against `localConnectionString`.
 */
import pg from 'pg';
import { createWorker, type Env } from './worker.ts';

interface WorkerEnv extends Env {
  HYPERDRIVE: { connectionString: string };
}

export default createWorker<WorkerEnv>((env) => {
  // Connected on the first query only: most requests (plans, a 401, a refused webhook) never
  // touch the database, and ending a connection still in its handshake resets the socket.
  let connection: { client: pg.Client; ready: Promise<unknown> } | undefined;
  const open = () => {
    if (!connection) {
      const client = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString });
      connection = { client, ready: client.connect() };
    }
    return connection;
  };
  return {
    db: {
      query: async (text, params) => {
        const { client, ready } = open();
        await ready;
        return client.query(text, params);
      },
    },
    close: async () => {
      if (!connection) return;
      await connection.ready.catch(() => undefined);
      await connection.client.end();
    },
  };
});
