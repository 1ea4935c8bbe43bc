import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The committed OpenAPI document (checked against the schemas by test/service/openapi.test.ts). */
export const committedOpenApi = () =>
  JSON.parse(readFileSync(fileURLToPath(new URL('../../openapi.json', import.meta.url)), 'utf8'));

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * Validates answers against an OpenAPI document: the status must be declared for the operation
 * and the body must match that response's schema (error codes included). Returns the problem, or
 * null when the answer is on the contract.
 */
export function openApiValidator(document: { paths: Record<string, Record<string, unknown>> }) {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(document, 'openapi.json');
  const compiled = new Map<string, ValidateFunction>();
  return (method: string, path: string, status: number, body: unknown): string | null => {
    const operation = document.paths[path]?.[method.toLowerCase()] as
      | { responses: Record<string, unknown> }
      | undefined;
    if (!operation) return `${method} ${path} is not in the OpenAPI document`;
    if (!operation.responses[String(status)]) {
      return `${method} ${path} answered ${status}, which the OpenAPI document does not declare (body: ${JSON.stringify(body).slice(0, 300)})`;
    }
    const at = pointer(
      'paths',
      path,
      method.toLowerCase(),
      'responses',
      String(status),
      'content',
      'application/json',
      'schema',
    );
    let validate = compiled.get(at);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi.json#/${at}` });
      compiled.set(at, validate);
    }
    if (validate(body)) return null;
    return `${method} ${path} ${status} is off the OpenAPI document: ${ajv.errorsText(validate.errors)} (body: ${JSON.stringify(body).slice(0, 300)})`;
  };
}
