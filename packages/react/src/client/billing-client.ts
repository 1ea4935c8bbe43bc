import type {
  BillingStatus,
  ChangeRequest,
  ChangeResponse,
  CheckoutRequest,
  CheckoutResponse,
  PlansResponse,
  PortalRequest,
  PortalResponse,
  Preview,
  PreviewRequest,
  ResumeRequest,
} from '@tollgate/core';
import { BillingError, errorBodySchema, ROUTES } from '@tollgate/core';
import { BillingClientError } from './client-error';

/** Options of {@link createBillingClient}. */
export interface BillingClientOptions {
  /** Where the Tollgate handlers are mounted. Default `/api/billing`. */
  baseUrl?: string;
  /** A fetch implementation (tests, SSR, auth wrappers). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra headers on every request, e.g. an `authorization` header. */
  headers?: Record<string, string>;
}

/** A typed client for the Tollgate wire contract. Every response is validated with core's schemas. */
export interface BillingClient {
  readonly baseUrl: string;
  plans(signal?: AbortSignal): Promise<PlansResponse>;
  status(signal?: AbortSignal): Promise<BillingStatus>;
  preview(body: PreviewRequest, signal?: AbortSignal): Promise<Preview>;
  checkout(body: CheckoutRequest): Promise<CheckoutResponse>;
  portal(body?: PortalRequest): Promise<PortalResponse>;
  change(body: ChangeRequest): Promise<ChangeResponse>;
  cancel(): Promise<BillingStatus>;
  resume(body?: ResumeRequest): Promise<BillingStatus>;
}

type ClientRoute = Exclude<keyof typeof ROUTES, 'webhook'>;

/**
 * Creates the fetch client. Failures always reject with a `BillingError`: the server's own code
 * (its status from core's one table), or a {@link BillingClientError} — `NETWORK_ERROR` when the
 * server was not reached, `INVALID_RESPONSE` when it answered off-contract.
 *
 * @example
 * const client = createBillingClient({ baseUrl: 'https://app.example.com/api/billing' });
 * const status = await client.status();
 */
export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = (options.baseUrl ?? '/api/billing').replace(/\/+$/, '');
  const headers = options.headers ?? {};

  async function call<R extends ClientRoute>(
    name: R,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<ReturnType<(typeof ROUTES)[R]['response']['parse']>> {
    const route = ROUTES[name];
    const url = baseUrl + route.path;
    const where = `${route.method} ${url}`;
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(url, {
        method: route.method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new BillingClientError(
        'NETWORK_ERROR',
        `${where} did not reach the server (${String((cause as Error)?.message ?? cause)}) — check your connection and that baseUrl points at the Tollgate handler.`,
        { cause },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (cause) {
      throw new BillingClientError(
        'INVALID_RESPONSE',
        `${where} answered HTTP ${response.status} without a JSON body — is baseUrl pointing at the Tollgate handler?`,
        { cause, httpStatus: response.status },
      );
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        throw new BillingError(code, message, details ? { details } : {});
      }
      throw new BillingClientError(
        'INVALID_RESPONSE',
        `${where} answered HTTP ${response.status} without a Tollgate {error: {code, message}} body.`,
        { httpStatus: response.status },
      );
    }
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BillingClientError(
        'INVALID_RESPONSE',
        `${where} answered a body that does not match the contract (${issue?.path.join('.') || 'body'}: ${issue?.message}) — are the server and @tollgate/react on the same version?`,
        { httpStatus: response.status },
      );
    }
    return parsed.data as ReturnType<(typeof ROUTES)[R]['response']['parse']>;
  }

  return {
    baseUrl,
    plans: (signal) => call('plans', undefined, signal),
    status: (signal) => call('status', undefined, signal),
    preview: (body, signal) => call('preview', body, signal),
    checkout: (body) => call('checkout', body),
    portal: (body = {}) => call('portal', body),
    change: (body) => call('change', body),
    cancel: () => call('cancel', {}),
    resume: (body = {}) => call('resume', body),
  };
}
