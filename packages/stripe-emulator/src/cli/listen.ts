/**
 * `tollgate-emulator listen --forward-to <url>`: like `stripe listen`, registers a webhook
 * endpoint on the running emulator that points at this process, prints its signing secret,
 * and forwards every delivery (body and `Stripe-Signature` untouched) to `<url>`, printing each
 * event and the status the app answered — which the emulator sees too, so failures retry.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, type Target } from './api.js';

/** A running `listen`. */
export interface Listener {
  secret: string;
  endpoint: string;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const stamp = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

/** Starts forwarding events of `events` (default all) to `forwardTo`. */
export async function listen(
  target: Target,
  forwardTo: string,
  events: readonly string[],
  out: (line: string) => void,
): Promise<Listener> {
  const server = createServer(async (req, res) => {
    const body = await read(req);
    let type = '?';
    let id = '?';
    try {
      ({ type, id } = JSON.parse(body) as { type: string; id: string });
    } catch {
      // not JSON: forward as is
    }
    out(`${stamp()}   --> ${type} [${id}]`);
    try {
      const answer = await fetch(forwardTo, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': String(req.headers['stripe-signature'] ?? ''),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      out(`${stamp()}  <--  [${answer.status}] POST ${forwardTo} [${id}]`);
      res.writeHead(answer.status, { 'Content-Type': 'text/plain' });
      res.end(await answer.text());
    } catch (error) {
      out(`${stamp()}  <--  [ERROR] POST ${forwardTo} [${id}]: ${(error as Error).message}`);
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end('forwarding failed');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let endpoint: { id: string; secret: string };
  try {
    endpoint = await call(target, 'POST', '/v1/webhook_endpoints', {
      url: `http://127.0.0.1:${port}/`,
      enabled_events: events.length ? [...events] : ['*'],
      description: `tollgate-emulator listen → ${forwardTo}`,
    });
  } catch (error) {
    server.close();
    throw error;
  }
  out(`Ready! Your webhook signing secret is ${endpoint.secret} (^C to quit)`);
  return {
    secret: endpoint.secret,
    endpoint: endpoint.id,
    async close() {
      await call(target, 'DELETE', `/v1/webhook_endpoints/${endpoint.id}`).catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
