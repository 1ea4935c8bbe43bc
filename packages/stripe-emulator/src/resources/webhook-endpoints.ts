import { must } from '../engine/util.js';
import {
  createWebhookEndpoint,
  publicEndpoint,
  updateWebhookEndpoint,
} from '../engine/webhook-endpoints.js';
import { paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { array, bool, metadata, PAGINATION, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** /v1/webhook_endpoints (the signing secret is returned on create only). */
export const webhookEndpointRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/webhook_endpoints',
    parameters: {
      url: str({ required: true }),
      enabled_events: array(str(), { required: true }),
      description: str(),
      metadata,
    },
    handler: ({ engine, params }) =>
      createWebhookEndpoint(engine, {
        url: params.str('url') ?? '',
        enabled_events: params.strings('enabled_events'),
        description: params.strOrNull('description'),
        metadata: params.meta() || undefined,
      }),
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints/:id',
    parameters: {},
    handler: ({ engine, ids }) =>
      publicEndpoint(must(engine.state.webhookEndpoints, ids[0]!, 'webhook_endpoint')),
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/:id',
    parameters: { url: str(), enabled_events: array(str()), disabled: bool(), metadata },
    handler: ({ engine, ids, params }) =>
      publicEndpoint(
        updateWebhookEndpoint(engine, ids[0]!, {
          url: params.str('url'),
          enabled_events: params.strings('enabled_events'),
          disabled: params.bool('disabled'),
          metadata: params.meta() || undefined,
        }),
      ),
  },
  {
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    parameters: {},
    handler: ({ engine, ids }) => {
      must(engine.state.webhookEndpoints, ids[0]!, 'webhook_endpoint');
      delete engine.state.webhookEndpoints[ids[0]!];
      return { id: ids[0], object: 'webhook_endpoint', deleted: true };
    },
  },
  {
    method: 'GET',
    path: '/v1/webhook_endpoints',
    parameters: PAGINATION,
    handler: ({ engine, params }) =>
      paginate(
        valuesOf(engine.state.webhookEndpoints).map(publicEndpoint),
        params,
        '/v1/webhook_endpoints',
      ),
  },
];
