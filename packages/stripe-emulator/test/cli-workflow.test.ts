/** The Stripe-CLI workflow, offline: listen, trigger, events list / resend against a running emulator. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { type Emulator, startEmulator } from '../src/index.js';

let emulator: Emulator;
let app: Server;
let appUrl: string;
const received: Array<{ type: string; id: string; verified: boolean }> = [];
let secret = '';
const sdk = new Stripe('sk_test_x');

beforeAll(async () => {
  emulator = await startEmulator();
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const event = sdk.webhooks.constructEvent(
          body,
          String(req.headers['stripe-signature']),
          secret,
        );
        received.push({ type: event.type, id: event.id, verified: true });
        res.writeHead(200).end('ok');
      } catch {
        received.push({ type: '?', id: '?', verified: false });
        res.writeHead(400).end('bad signature');
      }
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhook`;
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => app.close(resolve));
});

function capture() {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('tollgate-emulator listen / trigger / events', () => {
  it('listen prints a signing secret, forwards signed events and shows each delivery status', async () => {
    const listening = capture();
    const session = await runCli(
      ['listen', '--forward-to', appUrl, '--url', emulator.url],
      listening.io,
    );
    try {
      secret = /signing secret is (whsec_\S+)/.exec(listening.lines.join('\n'))?.[1] ?? '';
      expect(secret).toMatch(/^whsec_/);

      const triggered = capture();
      await runCli(
        ['trigger', 'customer.subscription.created', '--url', emulator.url],
        triggered.io,
      );
      expect(triggered.lines.join('\n')).toMatch(/evt_\S+\s+customer\.subscription\.created/);
      expect(triggered.lines.at(-1)).toContain('Trigger succeeded');

      await until(
        () => received.some((r) => r.type === 'customer.subscription.created'),
        'the forwarded event',
      );
      expect(received.every((r) => r.verified)).toBe(true);
      await emulator.idle();
      const out = listening.lines.join('\n');
      expect(out).toMatch(/--> customer\.subscription\.created \[evt_\w+\]/);
      expect(out).toMatch(new RegExp(`<--  \\[200\\] POST ${appUrl} \\[evt_\\w+\\]`));

      const listed = capture();
      await runCli(['events', 'list', '--url', emulator.url, '--limit', '3'], listed.io);
      expect(listed.lines).toHaveLength(3);
      const newest = /^(evt_\S+)/.exec(listed.lines[0]!)?.[1] ?? '';

      const count = received.filter((r) => r.id === newest).length;
      const resent = capture();
      await runCli(['events', 'resend', newest, '--url', emulator.url], resent.io);
      expect(resent.lines[0]).toContain(`Resent ${newest}`);
      await until(() => received.filter((r) => r.id === newest).length > count, 'the resent event');
    } finally {
      await session?.close();
    }
    expect(Object.values(emulator.state.webhookEndpoints)).toHaveLength(0);
  }, 30_000);

  it('trigger covers the usual events and names the supported ones for an unknown event', async () => {
    for (const type of [
      'invoice.payment_failed',
      'checkout.session.completed',
      'payment_intent.payment_failed',
    ]) {
      const { lines, io } = capture();
      await runCli(['trigger', type, '--url', emulator.url], io);
      expect(lines.join('\n'), type).toContain(type);
    }
    await expect(
      runCli(['trigger', 'nope.event', '--url', emulator.url], capture().io),
    ).rejects.toThrow(/No fixture for "nope.event". Supported events:[\s\S]*invoice\.paid/);
  });

  it('says how to start an emulator when none answers', async () => {
    await expect(
      runCli(['events', 'list', '--url', 'http://127.0.0.1:9'], capture().io),
    ).rejects.toThrow(/No emulator answers at http:\/\/127\.0\.0\.1:9/);
  });
});
