import type { IncomingMessage, ServerResponse } from 'node:http';
import { CARD_PICKER_SCRIPT_HASH } from './cards.js';

const MAX_FORM_BYTES = 64 * 1024;

/** Sends an HTML page. Pages are never cached: they show live state. */
export function sendHtml(res: ServerResponse, status: number, page: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${CARD_PICKER_SCRIPT_HASH}; form-action 'self' http: https:; base-uri 'none'`,
  });
  res.end(page);
}

/** Redirects after a form post (303 See Other, so the browser follows with GET). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' });
  res.end();
}

/** A form body over the size limit (answered 413). */
export class FormTooLargeError extends Error {
  readonly code = 'FORM_TOO_LARGE';
  constructor() {
    super('The form is larger than 64 kB.');
    this.name = 'FormTooLargeError';
  }
}

/** Reads an `application/x-www-form-urlencoded` body (at most 64 kB). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
