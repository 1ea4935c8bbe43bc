/**
 * Coverage of the parameter tables against the pinned stripe SDK's request types
 * (API 2026-10-28.endive): every parameter the SDK can send to a routed endpoint is either in
 * that endpoint's table or refused over HTTP with Stripe's 400 `parameter_unknown`, naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Param, ParamTable } from '../src/http/schema.js';
import { EXPAND } from '../src/http/schema.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { routes as allRoutes } from '../src/resources/index.js';
import { type SdkEndpoint, type SdkParam, sdkEndpoints } from './sdk-params.js';

/** Emulator-only endpoints (`sdk: false`) have no SDK types to check against. */
const routes = allRoutes.filter((r) => r.sdk !== false);

const normalise = (p: string) => p.replace(/:[a-z_]+/g, ':id');
const routeKey = (method: string, p: string) => `${method} ${normalise(p)}`;

let emulator: Emulator;
let endpoints: SdkEndpoint[];

beforeAll(async () => {
  emulator = await startEmulator({ start: 1_767_225_600 });
  endpoints = sdkEndpoints(new Set(routes.map((r) => routeKey(r.method, r.path))));
}, 60_000);
afterAll(() => emulator.close());

/** The emulator's entry for a key under `param` (a hash, or an array of hashes), if any. */
function childTable(param: Param | undefined): ParamTable | null {
  if (param?.type === 'hash') return param.params;
  if (param?.type === 'array' && param.of.type === 'hash') return param.of.params;
  return null;
}

const formName = (keys: (string | -1)[]) =>
  keys.map((k, i) => (i === 0 ? k : `[${k === -1 ? 0 : k}]`)).join('');

interface Refusal {
  name: string;
  keys: (string | -1)[];
}

/** SDK parameters the table does not hold (to be refused), recursing into what it does hold. */
function uncovered(table: ParamTable, params: SdkParam[]): Refusal[] {
  const out: Refusal[] = [];
  for (const p of params) {
    const key = p.keys.filter((k) => k !== -1).at(-1) as string;
    const entry = table[key];
    if (!entry) {
      out.push({ name: formName(p.keys), keys: p.keys });
      continue;
    }
    const nested = childTable(entry);
    if (!nested) continue;
    // Children of an array element carry `-1` before their own key.
    out.push(...uncovered(nested, p.children));
  }
  return out;
}

async function send(method: string, path: string, name: string): Promise<Response> {
  const url = `${emulator.url}${path.replace(/:id/g, 'x_test_missing')}`;
  const body = `${encodeURI(name)}=x`;
  const headers = { Authorization: `Bearer ${emulator.secretKey}` };
  if (method === 'POST') {
    return fetch(url, {
      method,
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
  return fetch(`${url}?${body}`, { method, headers });
}

describe('parameter tables against the SDK request types', () => {
  it('finds every routed endpoint in the SDK', () => {
    const found = new Set(endpoints.map((e) => `${e.method} ${e.path}`));
    const missing = routes.map((r) => routeKey(r.method, r.path)).filter((k) => !found.has(k));
    expect(missing).toEqual([]);
  });

  it('lists only parameters the SDK knows (so a typo in a table cannot hide)', () => {
    const unknown: string[] = [];
    for (const route of routes) {
      const sdk = endpoints.find(
        (e) => `${e.method} ${e.path}` === routeKey(route.method, route.path),
      );
      const names = new Set(sdk?.params.map((p) => p.keys[0] as string));
      for (const key of Object.keys(route.parameters))
        if (!names.has(key)) unknown.push(`${route.method} ${route.path} ${key}`);
    }
    expect(unknown).toEqual([]);
  });

  it('refuses with 400 parameter_unknown every SDK parameter a table does not hold', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const sdk = endpoints.find(
        (e) => `${e.method} ${e.path}` === routeKey(route.method, route.path),
      )!;
      for (const refusal of uncovered({ ...EXPAND, ...route.parameters }, sdk.params)) {
        checked++;
        const res = await send(route.method, route.path, refusal.name);
        const body = (await res.json()) as {
          error?: { code?: string; param?: string; message?: string };
        };
        if (
          res.status !== 400 ||
          body.error?.code !== 'parameter_unknown' ||
          body.error.param !== refusal.name ||
          !body.error.message?.includes('does not support')
        ) {
          wrong.push(
            `${route.method} ${route.path} ${refusal.name} → ${res.status} ${JSON.stringify(body.error)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  }, 120_000);
});
