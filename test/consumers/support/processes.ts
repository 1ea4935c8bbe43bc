import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A program started for a test, with everything it printed. */
export interface Started {
  child: ChildProcess;
  output(): string;
  /** Stops it and its children (its process group). */
  stop(): Promise<void>;
}

const running = new Set<Started>();

/** Stops every program still running (for `afterAll`: a timed-out test never reaches its `finally`). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((started) => started.stop()));
}

/** Runs `command` in its own process group, keeping its output for error messages. */
export function start(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Started = {
    child,
    output: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, 5_000);
      await exited;
      clearTimeout(killed);
    },
  };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

/** Runs a command to its end; rejects with its output when it fails or outlives `timeoutMs`. */
export async function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<string> {
  const started = start(command, args, options);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const code = await new Promise<number | null | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    started.child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code === 'timeout') {
    await started.stop();
    throw new Error(
      `${command} ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${started.output()}`,
    );
  }
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${started.output()}`);
  return started.output();
}

/** Waits until `url` answers over HTTP (any status), or fails with the program's output. */
export async function waitUntilServing(
  url: string,
  app: Started,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) {
      throw new Error(
        `the app exited (${app.child.exitCode}) before serving ${url}:\n${app.output()}`,
      );
    }
    try {
      // A cold first request can take seconds (workerd under load); aborting it resets the socket.
      await fetch(url, { signal: AbortSignal.timeout(20_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await app.stop();
  throw new Error(`nothing served ${url} within ${timeoutMs} ms:\n${app.output()}`);
}
