import { BillingError } from '@tollgate/core';
import { type BodyIssue, invalidBody } from './invalid-body';

/** Reads the body as text, refusing more than `limit` bytes (413) without buffering the excess. */
export async function readText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  // A declared length within the limit bounds the body (HTTP framing enforces it): read it in one
  // go, before touching `req.body`, so lightweight adapters (@hono/node-server) never build a
  // WHATWG stream.
  if (Number.isInteger(declared) && declared >= 0) {
    const text = await req.text();
    if (text.length > limit) throw tooLarge(limit);
    return text;
  }
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function tooLarge(limit: number): BillingError {
  return new BillingError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
}

/** Requires `Content-Type: application/json` (415 otherwise). */
export function requireJson(req: Request): void {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new BillingError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the body as JSON with "Content-Type: application/json" (got "${type || 'none'}").`,
    );
  }
}

/** A request schema: core's contract schemas (and zod's) answer `safeParse` this way. */
interface BodySchema<T> {
  safeParse(
    data: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: BodyIssue[] } };
}

/**
 * Reads a JSON body and validates it with a contract schema. An empty body counts as `{}`.
 * Problems answer 415/413/400 with a message naming the field to fix.
 */
export async function readJson<T>(req: Request, schema: BodySchema<T>, limit: number): Promise<T> {
  requireJson(req);
  const text = await readText(req, limit);
  let data: unknown = {};
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      throw new BillingError('INVALID_JSON', 'The request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw invalidBody(parsed.error.issues[0]);
  }
  return parsed.data;
}
