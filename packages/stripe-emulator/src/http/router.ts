import type { Engine } from '../engine/context.js';
import type { Reader } from './params.js';
import type { EndpointParams, ParamTable } from './schema.js';

/** What a route handler receives. */
interface RouteContext {
  engine: Engine;
  /** Path captures, in order. */
  ids: string[];
  params: Reader;
}

/** A route: method, path pattern (`:id` captures one segment), handler returning the body. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: (ctx: RouteContext) => unknown;
  /** The parameters this endpoint honours; any other answers 400 `parameter_unknown`. */
  parameters: ParamTable;
  /** Groups of parameters of which at most one may be given. */
  exclusive?: EndpointParams['exclusive'];
  /** `false` for an emulator-only endpoint the stripe SDK has no method for. */
  sdk?: false;
}

interface Compiled {
  method: string;
  path: string;
  pattern: RegExp;
  handler: Route['handler'];
  endpoint: EndpointParams;
  /** Literal segments count: more specific routes win. */
  weight: number;
}

/** A matcher over routes. */
export interface Router {
  match(
    method: string,
    path: string,
  ): { handler: Route['handler']; endpoint: EndpointParams; ids: string[] } | null;
}

/** Compiles routes into a router. */
export function createRouter(routes: Route[]): Router {
  const compiled: Compiled[] = routes
    .map((r) => ({
      method: r.method,
      path: r.path,
      pattern: new RegExp(`^${r.path.replace(/:[a-z_]+/g, '([^/]+)')}$`),
      handler: r.handler,
      endpoint: { params: r.parameters, ...(r.exclusive ? { exclusive: r.exclusive } : {}) },
      weight: r.path.split('/').filter((s) => s && !s.startsWith(':')).length,
    }))
    .sort((a, b) => b.weight - a.weight);
  // A route without `:id` segments outweighs every other route that matches its path, so the
  // scan below would pick it: such routes (most list and create calls) are looked up at once.
  const literal = new Map<string, Compiled>();
  for (const route of compiled) {
    const key = `${route.method} ${route.path}`;
    if (!route.path.includes(':') && !literal.has(key)) literal.set(key, route);
  }
  return {
    match(method, path) {
      const exact = literal.get(`${method} ${path}`);
      if (exact) return { handler: exact.handler, endpoint: exact.endpoint, ids: [] };
      for (const route of compiled) {
        if (route.method !== method) continue;
        const m = route.pattern.exec(path);
        if (m)
          return {
            handler: route.handler,
            endpoint: route.endpoint,
            ids: m.slice(1).map(decodeURIComponent),
          };
      }
      return null;
    },
  };
}
