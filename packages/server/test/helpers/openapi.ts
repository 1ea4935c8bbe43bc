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

let committed: { paths: Record<string, Record<string, unknown>> } | null = null;
let onContract: ReturnType<typeof openApiValidator> | null = null;
const problems: string[] = [];

/**
 * Checks one answer a test saw against the committed document; test/setup/openapi-responses.ts
 * fails the test after it when any was off the document.
 */
export function recordAnswer(method: string, path: string, status: number, body: unknown): void {
  committed ??= committedOpenApi();
  onContract ??= openApiValidator(committed!);
  const problem = onContract(method, path, status, body);
  if (problem) problems.push(problem);
}

/** The problems recorded since the last call, cleared. */
export const takeAnswerProblems = (): string[] => problems.splice(0);

/**
 * Records an answer of the service (`createService`/`createServer`) when it is JSON at a path
 * the committed document has (an unknown path's 404 is the router's, not a route's). A method
 * the path does not serve is checked against its operation, where its 405 is declared — as the
 * billing routes' 405s are.
 */
export async function recordServiceAnswer(
  method: string,
  url: string,
  response: Response,
): Promise<void> {
  const path = new URL(url).pathname;
  committed ??= committedOpenApi();
  const operations = Object.keys(committed!.paths[path] ?? {});
  if (operations.length === 0) return;
  if (!response.headers.get('content-type')?.startsWith('application/json')) return;
  const served = operations.includes(method.toLowerCase()) ? method : operations[0]!;
  recordAnswer(served, path, response.status, await response.clone().json());
}
