import type Stripe from 'stripe';
import { API_VERSION } from '../api-version.js';
import { invalidRequest, missingParam } from '../errors.js';
import { newId, randomToken } from '../ids.js';
import type { StoredWebhookEndpoint } from '../state.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';
import { mergeMetadata, must } from './util.js';

/** Parameters for {@link createWebhookEndpoint}. */
interface WebhookEndpointInput {
  url: string;
  enabled_events?: string[];
  description?: string | null;
  metadata?: Record<string, string>;
  /** Emulator-only: use this signing secret instead of a random one. */
  secret?: string;
  disabled?: boolean;
}

/** Creates a webhook endpoint; the returned object (only this once) carries its `whsec_` secret. */
export function createWebhookEndpoint(
  engine: Engine,
  input: WebhookEndpointInput,
): StoredWebhookEndpoint {
  if (!input.url) throw missingParam('url');
  if (!/^https?:\/\//.test(input.url))
    throw invalidRequest('Invalid URL: the url must start with http:// or https://.', 'url');
  const endpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: API_VERSION,
    application: null,
    created: engine.clock.now(),
    description: input.description ?? null,
    enabled_events: input.enabled_events?.length ? input.enabled_events : ['*'],
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    secret: input.secret ?? `whsec_${randomToken(32)}`,
    status: input.disabled ? 'disabled' : 'enabled',
    url: input.url,
  } satisfies Stripe.WebhookEndpoint & { secret: string };
  engine.state.webhookEndpoints[endpoint.id] = endpoint;
  return endpoint;
}

/** The endpoint without its secret, as Stripe shows it after creation. */
export function publicEndpoint(endpoint: StoredWebhookEndpoint): Stripe.WebhookEndpoint {
  const { secret: _secret, ...rest } = endpoint;
  return rest;
}

/** Updates url / enabled_events / disabled / metadata. */
export function updateWebhookEndpoint(
  engine: Engine,
  id: string,
  input: Partial<WebhookEndpointInput>,
): StoredWebhookEndpoint {
  const endpoint = must(engine.state.webhookEndpoints, id, 'webhook_endpoint');
  if (input.url !== undefined) endpoint.url = input.url;
  if (input.enabled_events?.length) endpoint.enabled_events = input.enabled_events;
  if (input.description !== undefined) endpoint.description = input.description || null;
  if (input.disabled !== undefined) endpoint.status = input.disabled ? 'disabled' : 'enabled';
  endpoint.metadata = mergeMetadata(endpoint.metadata, input.metadata);
  return endpoint;
}

/** The enabled endpoints subscribed to `type`. */
export function endpointsFor(engine: Engine, type: string): StoredWebhookEndpoint[] {
  return valuesOf(engine.state.webhookEndpoints).filter(
    (e) =>
      e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type)),
  );
}
