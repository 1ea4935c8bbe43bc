import http from 'node:http';
import https from 'node:https';

/** The result of one POST: an HTTP status, or a transport error (refused, timeout, …). */
type SendResult = { status: number; error: null } | { status: null; error: string };

/** Keep-alive agents for both schemes, destroyed together on close. */
export function createAgents() {
  const agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  return {
    for: (url: URL) => (url.protocol === 'https:' ? agents.https : agents.http),
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * POSTs `body` to `url`, never following redirects (Stripe counts 3xx as failure), giving up
 * after `timeoutMs` or when `signal` aborts. Never throws.
 */
export function send(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; agent: http.Agent; signal: AbortSignal },
): Promise<SendResult> {
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = client.request(url, {
      method: 'POST',
      agent: options.agent,
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      signal: options.signal,
    });
    const timer = setTimeout(() => {
      finish({ status: null, error: `timed out after ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? 0, error: null }));
      res.on('error', (err) => finish({ status: null, error: err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({ status: null, error: err.code ? `${err.code}: ${err.message}` : err.message });
    });
    req.end(body);
  });
}
