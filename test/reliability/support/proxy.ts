import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A rule: the next `times` matching requests reach Stripe, but their answer never comes back. */
export interface TimeoutRule {
  method: string;
  path: RegExp;
  times: number;
}

/**
 * An HTTP proxy in front of the emulator that can swallow answers: a matching request is
 * forwarded (so Stripe applies it) and its response is withheld until the client gives up —
 * the worst kind of timeout, where the caller cannot know whether the write happened.
 * `target` is read per request, so the proxy can start before the emulator.
 */
export async function startTimeoutProxy(target: () => string) {
  const agent = new http.Agent({ keepAlive: true });
  const rules: TimeoutRule[] = [];
  const state = { swallowed: 0 };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const rule = rules.find((r) => r.times > 0 && r.method === req.method && r.path.test(path));
    if (rule) rule.times -= 1;
    const upstream = new URL(target());
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        if (rule) {
          state.swallowed += 1;
          answer.resume();
          // never answer; the client's timeout fires and it closes the socket
          res.on('close', () => answer.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    state,
    /** Swallows the answers of the next `times` matching requests. */
    timeout(rule: TimeoutRule) {
      rules.push({ ...rule });
    },
    reset() {
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
