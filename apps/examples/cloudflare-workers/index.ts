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
  const client = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString });
  const connected = client.connect();
  return {
    db: {
      query: async (text, params) => {
        await connected;
        return client.query(text, params);
      },
    },
    close: () => client.end(),
  };
});
