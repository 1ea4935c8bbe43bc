import { type ChildProcess, fork } from 'node:child_process';
import { ROOT } from './machine';

/** Loads the server source's `.sql` imports as text (see tools/sql-text.mjs). */
const SQL_TEXT = `${ROOT}/tools/sql-text.mjs`;

/** A benchmark server running in its own process (so the load generator gets its own core). */
export interface ChildServer {
  port: number;
  /** Extra facts the child reported at start-up. */
  info: Record<string, unknown>;
  /** Sends `message` over IPC and resolves with the child's next message. */
  ask<T>(message: string): Promise<T>;
  /** Resolves when the child has exited (by itself, killed, or stopped). */
  exited: Promise<void>;
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
      child.removeAllListeners('exit');
      const exited = new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) done();
        else child.once('exit', () => done());
      });
      resolve({
        port,
        info,
        ask: <T>(question: string) =>
          new Promise<T>((answer) => {
            child.once('message', (reply) => answer(reply as T));
            child.send(question);
          }),
        exited,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
