import {
  billingStatusSchema,
  ERROR_STATUS,
  type ErrorCode,
  errorBodySchema,
  ROUTES,
  type RouteName,
} from '@tollgate/core';
import * as z from 'zod/mini';
import { ROUTE_ERRORS } from './route-errors';
import { healthReportSchema } from './service-schemas';

/** An OpenAPI 3.1 document, as JSON. */
export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

const SUMMARIES: Record<RouteName, string> = {
  plans: 'The catalog with live prices, and the caller’s plan when a user is given',
  status:
    'The user’s billing status from the store (no Stripe call): plan, access, entitlements, alerts',
  checkout: 'Start a Stripe Checkout for a plan and interval',
  portal: 'Open the Stripe customer portal (optionally a deep-linked flow)',
  preview: 'Preview a plan change, or a resume, exactly as /change or /resume will bill it',
  change: 'Change plan or interval (now with proration, or at period end)',
  cancel: 'Cancel at the end of the current period',
  resume: 'Undo a pending cancellation and/or a scheduled change',
  usage:
    'The user’s metered usage this period per meter of the plan: delivered, pending, included, price',
  webhook: 'Stripe’s signed webhook deliveries',
};

const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });
const REQUEST_ID = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };

/** The contract's schemas as JSON Schema components, shared ones referenced once. */
function components(): { schemas: Record<string, unknown>; names: Map<unknown, string> } {
  const registry = z.registry<{ id: string }>();
  const names = new Map<unknown, string>();
  const add = (schema: z.core.$ZodType | null, name: string) => {
    if (schema === null || names.has(schema)) return;
    names.set(schema, name);
    registry.add(schema, { id: name });
  };
  add(billingStatusSchema, 'BillingStatus');
  add(errorBodySchema, 'ErrorBody');
  add(healthReportSchema, 'HealthReport');
  for (const [name, route] of Object.entries(ROUTES)) {
    add(route.request, `${pascal(name)}Request`);
    add(route.response, `${pascal(name)}Response`);
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    // What the schemas accept: requests as sent, responses open to fields a newer server adds.
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const clean = Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );
  return { schemas: clean, names };
}

/** The error responses of a route, one per HTTP status, each naming its codes. */
function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.join(', '),
          headers: REQUEST_ID,
          content: jsonContent({
            allOf: [
              ref('ErrorBody'),
              { properties: { error: { properties: { code: { enum: list } } } } },
            ],
          }),
        },
      ]),
  );
}

function routeOperation(name: RouteName, names: Map<unknown, string>): Record<string, unknown> {
  const route = ROUTES[name];
  const webhook = name === 'webhook';
  const security =
    name === 'plans'
      ? [{}, { TollgateUser: [] }, { BearerJwt: [] }]
      : webhook
        ? []
        : [{ TollgateUser: [] }, { BearerJwt: [] }];
  return {
    operationId: name,
    summary: SUMMARIES[name],
    tags: [webhook ? 'webhook' : 'billing'],
    security,
    ...(webhook
      ? {
          parameters: [
            {
              name: 'Stripe-Signature',
              in: 'header',
              required: true,
              description: '`t=<unix>,v1=<HMAC-SHA256 of "t.body" with the endpoint secret>`',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            description: 'The raw Stripe event, byte for byte as Stripe sent it.',
            content: jsonContent({ type: 'object' }),
          },
        }
      : {}),
    ...(route.request
      ? {
          requestBody: {
            required: false,
            description: 'An empty body counts as `{}`.',
            content: jsonContent(ref(names.get(route.request)!)),
          },
        }
      : {}),
    responses: {
      '200': {
        description: 'OK',
        headers: REQUEST_ID,
        content: jsonContent(ref(names.get(route.response)!)),
      },
      ...errorResponses(ROUTE_ERRORS[name]),
    },
  };
}

/**
 * The wire contract as OpenAPI 3.1, generated from core's zod schemas: every billing route with
 * its request, responses and error codes, plus the service's `/health` and `/openapi.json`.
 * `tollgate serve` answers it at `GET /openapi.json`; `packages/server/openapi.json` is the same
 * document for the default base path (regenerate with `pnpm openapi`).
 */
export function openApiDocument(options: { basePath?: string } = {}): OpenApiDocument {
  const basePath = options.basePath ?? '/api/billing';
  const { schemas, names } = components();
  const paths: OpenApiDocument['paths'] = {
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Store reachable and every catalog price resolvable in Stripe',
        tags: ['service'],
        security: [],
        responses: {
          '200': {
            description: 'Healthy',
            headers: REQUEST_ID,
            content: jsonContent(ref('HealthReport')),
          },
          '503': {
            description: 'Every problem, with what to fix',
            headers: REQUEST_ID,
            content: jsonContent(ref('HealthReport')),
          },
          ...errorResponses(['METHOD_NOT_ALLOWED']),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document',
        tags: ['service'],
        security: [],
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            headers: REQUEST_ID,
            content: jsonContent({ type: 'object' }),
          },
          ...errorResponses(['METHOD_NOT_ALLOWED']),
        },
      },
    },
  };
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    paths[`${basePath}${ROUTES[name].path}`] = {
      [ROUTES[name].method.toLowerCase()]: routeOperation(name, names),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate billing service',
      version: '1',
      description:
        'Subscription billing on Stripe. Errors are always `{error: {code, message}}`; the message says what to fix.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas,
      headers: {
        RequestId: {
          description:
            'The request id (yours when you sent a plain `X-Request-Id`), also in every log line.',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        TollgateUser: {
          type: 'apiKey',
          in: 'header',
          name: 'Tollgate-User',
          description:
            'base64url(JSON {id, email, name?, iat, nonce}) + "." + base64url(HMAC-SHA256(shared secret, that payload)); single use, valid for the replay window.',
        },
        BearerJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT from your identity provider, verified against its JWKS (sub, email, name).',
        },
      },
    },
  };
}
