import axe from 'axe-core';
import type Stripe from 'stripe';
import { createStripeClient, type Emulator, startEmulator } from '../src/index.js';

/** What a page test file runs against: the emulator on a free port, a client, one monthly price. */
export interface PageStack {
  emulator: Emulator;
  stripe: Stripe;
  price: Stripe.Price;
}

/** Starts the emulator and creates a monthly USD price of `unitAmount` for a product `name`. */
export async function startPageStack(name: string, unitAmount: number): Promise<PageStack> {
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient(emulator);
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: unitAmount,
    recurring: { interval: 'month' },
    product_data: { name },
  });
  return { emulator, stripe, price };
}

interface JsdomWindow {
  eval(source: string): unknown;
  close(): void;
  document: Document;
}
type JsdomCtor = new (html: string, options: object) => { window: JsdomWindow };

/** A page response with its body and (for redirects) where it points. */
export interface PageResponse {
  status: number;
  location: string | null;
  text: string;
}

/** GETs a hosted page without following redirects. */
export async function getPage(url: string): Promise<PageResponse> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** Posts a classic form (urlencoded) without following redirects. */
export async function postForm(url: string, fields: Record<string, string>): Promise<PageResponse> {
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** The text of the page's `role="alert"`, or null. */
export function alertText(html: string): string | null {
  const m = /role="alert">([^<]*)</.exec(html);
  return m ? decode(m[1] ?? '') : null;
}

/** The `<form action>` values on a page, in order. */
export function formActions(html: string): string[] {
  return [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => decode(m[1] ?? ''));
}

/** The href of the link whose text is `label`. */
export function linkHref(html: string, label: string): string | null {
  const re = new RegExp(`<a [^>]*href="([^"]+)"[^>]*>${label}</a>`);
  const m = re.exec(html);
  return m ? decode(m[1] ?? '') : null;
}

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type Axe = typeof axe;
let shared: Promise<JsdomWindow & { axe: Axe }> | null = null;

/** One jsdom window with axe loaded, reused for every page (loading axe is the slow part). */
function axeWindow(): Promise<JsdomWindow & { axe: Axe }> {
  shared ??= (async () => {
    // jsdom ships no types of its own; only the constructor and window are needed here
    const { JSDOM, VirtualConsole } = (await import('jsdom' as string)) as {
      JSDOM: JsdomCtor;
      VirtualConsole: new () => object;
    };
    const dom = new JSDOM('<!doctype html><html><body></body></html>', {
      runScripts: 'outside-only',
      pretendToBeVisual: true,
      virtualConsole: new VirtualConsole(),
    });
    dom.window.eval(axe.source);
    return dom.window as JsdomWindow & { axe: Axe };
  })();
  return shared;
}

/** Runs axe-core on the page in jsdom; returns the violations' ids and first targets. */
export async function axeViolations(html: string): Promise<string[]> {
  const window = await axeWindow();
  window.document.open();
  window.document.write(html);
  window.document.close();
  const results = await window.axe.run(window.document as never, {
    rules: { 'color-contrast': { enabled: false } },
  });
  return results.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ') ?? ''}`);
}
