/**
 * The OpenAPI document: generated from core's zod schemas, committed as
 * packages/server/openapi.json, served at GET /openapi.json. (Every answer the server's other
 * tests see is validated against the committed file by test/setup/openapi-responses.ts.)
 */
import { readFileSync } from 'node:fs';
import { ERROR_STATUS, ROUTES, type RouteName } from '@tollgate/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL } from '../../../../test/app';
import { pglite, type TestDb } from '../../../../test/database';
import { OPENAPI_FILE, openApiText } from '../../scripts/write-openapi';
import { openApiDocument } from '../../src/openapi/document';
import { ROUTE_ERRORS } from '../../src/openapi/route-errors';
import type { Service } from '../../src/service/service';
import { openApiValidator } from '../helpers/openapi';
import { testService } from '../helpers/service';

describe('openapi.json', () => {
  it('is committed exactly as the schemas generate it', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    // A contract change (a field, a route, an error code) must come with the regenerated file.
    expect(
      committed === openApiText(),
      'packages/server/openapi.json is out of date with the zod schemas — run `pnpm openapi` and commit the file.',
    ).toBe(true);
  });

  it('declares every route with its request, its 200 and a response per error status', () => {
    const doc = openApiDocument();
    for (const name of Object.keys(ROUTES) as RouteName[]) {
      const route = ROUTES[name];
      const operation = doc.paths[`/api/billing${route.path}`]?.[route.method.toLowerCase()] as {
        responses: Record<string, { description: string }>;
        requestBody?: unknown;
      };
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.responses['200']).toBeDefined();
      expect(Boolean(operation.requestBody)).toBe(route.request !== null || name === 'webhook');
      for (const code of ROUTE_ERRORS[name]) {
        expect(operation.responses[String(ERROR_STATUS[code])]?.description).toContain(code);
      }
    }
  });

  it('compiles as JSON Schema 2020-12 (every component and every reference resolves)', () => {
    const doc = openApiDocument();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'openapi.json');
    for (const name of Object.keys((doc.components as { schemas: object }).schemas)) {
      expect(() => ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` })).not.toThrow();
    }
  });

  it('refuses an answer off the contract (the validator the other tests rely on can fail)', () => {
    const validate = openApiValidator(openApiDocument());
    expect(validate('GET', '/api/billing/status', 200, { plan: 'free' })).toMatch(
      /must have required property/,
    );
    expect(
      validate('GET', '/api/billing/status', 400, {
        error: { code: 'INVALID_JSON', message: 'x' },
      }),
    ).toMatch(/does not declare/);
    expect(
      validate('GET', '/api/billing/status', 401, {
        error: { code: 'FORBIDDEN_ORIGIN', message: 'x' },
      }),
    ).toMatch(/must be equal to one of the allowed values/);
  });
});

describe('GET /openapi.json', () => {
  let t: TestDb;
  let service: Service;
  beforeAll(async () => {
    t = await pglite('service_openapi');
    service = testService(t, {
      basePath: '/billing',
      auth: { signedHeader: { secrets: 'k'.repeat(32) } },
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await t?.close();
  });

  it('serves the document for the configured base path', async () => {
    const res = await service.handler(new Request(`${APP_URL}/openapi.json`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(openApiDocument({ basePath: '/billing' }));
  });
});
