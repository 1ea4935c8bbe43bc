import { type ChildProcess, fork } from 'node:child_process';
import { ROOT } from './machine';

/** Loads the server source's `.sql` imports as text (see tools/sql-text.mjs). */
const SQL_TEXT = `${ROOT}/tools/sql-text.mjs`;

/** A benchmark server running in its own process (so the load generator gets its own core). */
export interface ChildServer {
  port: number;
  /** Extra facts the child reported at start-up. */
  info: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Forks `file` under tsx and waits for it to report `{port}` over IPC. */
export function startChild(
  file: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ChildServer> {
  const child: ChildProcess = fork(file, [], {
    cwd: ROOT,
    execArgv: ['--conditions=source', '--import', 'tsx', '--import', SQL_TEXT],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(`BENCH_CHILD_TIMEOUT: ${file} did not report a port within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`BENCH_CHILD_EXIT: ${file} exited with code ${code} before listening`));
    });
    child.once('message', (message) => {
      clearTimeout(timer);
      const { port, ...info } = message as { port: number };
      resolve({
        port,
        info,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
