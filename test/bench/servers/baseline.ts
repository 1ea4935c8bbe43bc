/**
 * Baseline for the HTTP benchmark: Stripe's documented webhook check on plain node:http —
 * raw body, `constructEvent`, an in-memory Set of seen event ids, `{received: true}`.
 * Runs in its own process; reports its port over IPC.
 */
import { createServer } from 'node:http';
import Stripe from 'stripe';
import { WEBHOOK_SECRET } from '../lib/event';

const stripe = new Stripe('sk_test_bench');
const seen = new Set<string>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const event = stripe.webhooks.constructEvent(
        Buffer.concat(chunks),
        String(req.headers['stripe-signature']),
        WEBHOOK_SECRET,
      );
      seen.add(event.id);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"WEBHOOK_SIGNATURE_INVALID","message":"bad signature"}}');
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});
