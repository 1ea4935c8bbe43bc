/**
 * `pnpm demo` as a process: the ready line, ports that are in use refused with a message and a
 * non-zero exit, and deleting the data folder while it runs starting it over.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ROOT, REPO_ROOT } from './app-config';

const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
/** `pnpm demo`'s own command line (the start script), run without pnpm around it. */
const START = (
  JSON.parse(readFileSync(path.join(DEMO_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .split(' ')
  .slice(1);

interface Run {
  child: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

function runDemo(args: string[], dataDir: string): Run {
  const child = spawn(TSX, [...START, ...args], {
    cwd: DEMO_ROOT,
    env: { ...process.env, TOLLGATE_DEMO_DATA_DIR: dataDir, PORT: '', TOLLGATE_EMULATOR_PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined) {
  for (let i = 0; i < 300; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('pnpm demo, the process', { timeout: 60_000 }, () => {
  let dataDir: string;
  let demo: Run;
  let url: string;
  let emulatorPort: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-demo-main-'));
    demo = runDemo(['--port', '0', '--emulator-port', '0'], dataDir);
    // The emulator's line comes after the ready line, maybe in a later chunk: wait for both.
    emulatorPort = Number(
      await until(
        'the ready lines',
        () => /Stripe emulator: http:\/\/[\d.]+:(\d+)/.exec(demo.output())?.[1],
      ),
    );
    url = /ready in .* → (http:\S+)/.exec(demo.output())![1]!;
  }, 120_000);
  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await demo?.exit;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the time to ready since the process started, module loading included', () => {
    const [, total, loading] =
      /ready in ([\d.]+) s \(([\d.]+) s of it starting Node and loading modules\)/.exec(
        demo.output(),
      )!;
    expect(Number(loading)).toBeGreaterThan(0);
    expect(Number(total)).toBeGreaterThan(Number(loading));
  });

  it('refuses a demo port that is in use, saying which and what to do', async () => {
    const port = new URL(url).port;
    const second = runDemo(['--port', port], dataDir);
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain(`Port ${port} (the demo's URL) is in use.`);
    expect(second.output()).toContain(`pnpm demo --port ${Number(port) + 1}`);
    expect(second.output()).not.toContain('ready in');
  });

  it('refuses an emulator port that is in use the same way', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'tollgate-demo-main-'));
    const second = runDemo(['--port', '0', '--emulator-port', String(emulatorPort)], other);
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain(`Port ${emulatorPort} (the Stripe emulator) is in use.`);
    expect(second.output()).toContain('TOLLGATE_EMULATOR_PORT=');
    await rm(other, { recursive: true, force: true });
  });

  it('starts over when its data folder is deleted while it runs', async () => {
    const signIn = await fetch(`${url}/api/demo/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user_alice' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const call = (route: string, method = 'GET') =>
      fetch(`${url}${route}`, { method, headers: { cookie, origin: url } });
    expect(await (await call('/api/demo/usage/projects', 'POST')).json()).toMatchObject({
      projects: 1,
    });

    // Retried as a person retries `rm -rf` after "Directory not empty": until the demo notices
    // (within a second) and stops writing, its database can still add a file under the deletion.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10 });
    // The old sign-in ends with the old state…
    await until('the reset', async () => {
      const session = await call('/api/demo/session');
      return session.ok && (await session.json()).user === null ? true : undefined;
    });
    // …the folder holds the new state, not the old one written back…
    await stat(path.join(dataDir, 'session-generation'));
    // …and the same user starts from nothing.
    const again = await fetch(`${url}/api/demo/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user_alice' }),
    });
    const fresh = again.headers.get('set-cookie')!.split(';')[0]!;
    const usage = await fetch(`${url}/api/demo/usage`, { headers: { cookie: fresh } });
    expect(await usage.json()).toEqual({ projects: 0, apiCalls: 0 });
    expect(demo.output()).not.toMatch(/could not start over/);
  });

  it('starts over when a slow delete takes the folder’s files one by one', async () => {
    const signIn = () =>
      fetch(`${url}/api/demo/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'user_alice' }),
      });
    const cookie = (await signIn()).headers.get('set-cookie')!.split(';')[0]!;
    await fetch(`${url}/api/demo/usage/projects`, {
      method: 'POST',
      headers: { cookie, origin: url },
    });
    // As `rm -rf .tollgate` does on a busy machine: the sessions file goes first and the
    // database's thousand files over the next seconds, while the demo notices and starts over.
    await rm(path.join(dataDir, 'session-generation'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10 });

    // The demo comes back from nothing, however the deletion and its restart overlapped: the
    // old sign-in has ended and the same user starts again.
    await until('the reset', async () => {
      const session = await fetch(`${url}/api/demo/session`, { headers: { cookie } });
      return session.ok && (await session.json()).user === null ? true : undefined;
    });
    const fresh = (await signIn()).headers.get('set-cookie')!.split(';')[0]!;
    const usage = await fetch(`${url}/api/demo/usage`, { headers: { cookie: fresh } });
    expect(await usage.json()).toEqual({ projects: 0, apiCalls: 0 });
    await stat(path.join(dataDir, 'session-generation'));
    expect(demo.output()).not.toMatch(/could not start over/);
  });
});
