import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tollgate-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
}

describe('tollgate-emulator CLI', () => {
  it('prints the URL, keys and webhook secret of a working emulator', async () => {
    const { lines, io } = capture();
    const session = await runCli(['--port', '0', '--webhook', 'http://127.0.0.1:9/hook'], io);
    try {
      const text = lines.join('\n');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      const key = /STRIPE_SECRET_KEY=(sk_test_\S+)/.exec(text)?.[1];
      expect(url).toBe(session?.url);
      expect(text).toMatch(/STRIPE_PUBLISHABLE_KEY=pk_test_\S+/);
      expect(text).toMatch(/STRIPE_WEBHOOK_SECRET=whsec_\S+/);
      expect(text).toContain('Webhooks → http://127.0.0.1:9/hook');
      const stripe = new Stripe(key ?? '', {
        host: '127.0.0.1',
        port: Number(new URL(url ?? '').port),
        protocol: 'http',
      });
      await expect(stripe.customers.create()).resolves.toMatchObject({ object: 'customer' });
    } finally {
      await session?.close();
    }
  });

  it('restores a snapshot saved on close', async () => {
    const file = path.join(dir, 'state.json');
    const first = capture();
    const a = await runCli(['--port', '0', '--snapshot', file], first.io);
    const key = /STRIPE_SECRET_KEY=(sk_test_\S+)/.exec(first.lines.join('\n'))?.[1] ?? '';
    const sdk = (url: string) =>
      new Stripe(key, { host: '127.0.0.1', port: Number(new URL(url).port), protocol: 'http' });
    const created = await sdk(a?.url ?? '').customers.create({ email: 'kept@example.test' });
    await a?.close();

    const second = capture();
    const b = await runCli(['--port', '0', '--snapshot', file], second.io);
    try {
      expect(second.lines.join('\n')).toMatch(/Snapshot: .*restored from/);
      const secret = (lines: string[]) => /STRIPE_WEBHOOK_SECRET=(\S+)/.exec(lines.join('\n'))?.[1];
      expect(secret(second.lines)).toBe(secret(first.lines));
      expect(second.lines.join('\n')).toContain(`STRIPE_SECRET_KEY=${key}`);
      const again = await sdk(b?.url ?? '').customers.retrieve(created.id);
      expect(again).toMatchObject({ id: created.id, email: 'kept@example.test' });
    } finally {
      await b?.close();
    }
  });

  it('starts as a process and exits cleanly on SIGINT', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'packages/stripe-emulator/src/cli.ts'), '--port', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line:\n${out}`)), 40_000);
      child.stdout?.on('data', () => {
        if (out.includes('Press Ctrl-C')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(out).toMatch(/STRIPE_SECRET_KEY=sk_test_/);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);

  it('exits with a usage message on a bad command line', async () => {
    await expect(runCli(['--port', 'x'], capture().io)).rejects.toThrow(
      /--port must be an integer/,
    );
  });
});
