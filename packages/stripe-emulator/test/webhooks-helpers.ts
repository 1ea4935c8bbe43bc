import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an endpoint received. */
export interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

/**
 * A real HTTP webhook receiver on a free port. `respond` decides each status from how many
 * times this event id arrived before (0 for the first).
 */
export async function startReceiver(
  respond: (eventId: string, seen: number) => number | 'hang' = () => 200,
) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, headers: req.headers, at: Date.now() });
      const id = (JSON.parse(body) as { id: string }).id;
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      const status = respond(id, n);
      if (status === 'hang') return;
      res.writeHead(status, status >= 300 && status < 400 ? { Location: '/elsewhere' } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    ids: () => received.map((r) => (JSON.parse(r.body) as { id: string }).id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal event with Stripe's envelope fields. */
export const event = (id: string, type = 'customer.created') => ({
  id,
  object: 'event' as const,
  type,
  api_version: '2026-10-28.endive',
  created: 1_700_000_000,
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  data: { object: { id: `cus_${id}`, object: 'customer' } },
});
