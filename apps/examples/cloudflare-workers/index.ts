/**
 * The deployed Worker (`wrangler deploy`, with `compatibility_flags = ["nodejs_compat"]` for `pg`
 * and a Hyperdrive binding named HYPERDRIVE in front of your PostgreSQL).
 */
import pg from 'pg';
import { createWorker, type Env } from './worker';

interface WorkerEnv extends Env {
  HYPERDRIVE: { connectionString: string };
}

export default createWorker<WorkerEnv>(
  (env) => new pg.Pool({ connectionString: env.HYPERDRIVE.connectionString, max: 5 }),
);
