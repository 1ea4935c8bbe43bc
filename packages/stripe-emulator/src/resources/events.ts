import { must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { array, PAGINATION, range, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** /v1/events */
export const eventRoutes: Route[] = [
  {
    // What `stripe events resend` calls; not in the SDK.
    method: 'POST',
    path: '/v1/events/:id/retry',
    sdk: false,
    parameters: { webhook_endpoint: str() },
    handler: ({ engine, ids, params }) => {
      const event = must(engine.state.events, ids[0]!, 'event');
      const endpoint = params.str('webhook_endpoint');
      if (endpoint)
        must(engine.state.webhookEndpoints, endpoint, 'webhook_endpoint', 'webhook_endpoint');
      engine.redeliver(event, endpoint ?? null);
      return event;
    },
  },
  {
    method: 'GET',
    path: '/v1/events/:id',
    parameters: {},
    handler: ({ engine, ids }) => must(engine.state.events, ids[0]!, 'event'),
  },
  {
    method: 'GET',
    path: '/v1/events',
    parameters: { ...PAGINATION, created: range, type: str(), types: array(str()) },
    handler: ({ engine, params }) => {
      const type = params.str('type');
      const types = params.strings('types');
      const matches = (t: string) => {
        if (types) return types.includes(t);
        if (!type) return true;
        if (type.endsWith('*')) return t.startsWith(type.slice(0, -1));
        return t === type;
      };
      const items = createdFilter(valuesOf(engine.state.events), params).filter((e) =>
        matches(e.type),
      );
      return paginate(items, params, '/v1/events');
    },
  },
];
