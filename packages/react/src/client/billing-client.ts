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
  PreviewFor,
  PreviewRequest,
  ResumeRequest,
  UsageResponse,
} from '@tollgate/core';
import { BillingError, ROUTE_PATHS } from '@tollgate/core';
import { BillingClientError } from './client-error';
import { isObject, readErrorBody, tolerateBody } from './tolerate';

/** Options of {@link createBillingClient}. */
export interface BillingClientOptions {
  /** Where the Tollgate handlers are mounted. Default `/api/billing`. */
  baseUrl?: string;
  /** A fetch implementation (tests, SSR, auth wrappers). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra headers on every request, e.g. an `authorization` header. */
  headers?: Record<string, string>;
}

/**
 * A typed client for the Tollgate wire contract. Types come from core's zod schemas; the browser
 * ships no validator: the server checks its own answers, and the client tolerates what a newer
 * server adds (unknown alert types are skipped, unknown error codes kept as codes).
 */
export interface BillingClient {
  readonly baseUrl: string;
  plans(signal?: AbortSignal): Promise<PlansResponse>;
  status(signal?: AbortSignal): Promise<BillingStatus>;
  /** A change's preview, or a resume's for `{kind: 'resume'}`. */
  preview<R extends PreviewRequest>(body: R, signal?: AbortSignal): Promise<PreviewFor<R>>;
  checkout(body: CheckoutRequest): Promise<CheckoutResponse>;
  portal(body?: PortalRequest): Promise<PortalResponse>;
  change(body: ChangeRequest): Promise<ChangeResponse>;
  cancel(): Promise<BillingStatus>;
  resume(body?: ResumeRequest): Promise<BillingStatus>;
  usage(signal?: AbortSignal): Promise<UsageResponse>;
}

type ClientRoute = Exclude<keyof typeof ROUTE_PATHS, 'webhook'>;

interface Answers {
  plans: PlansResponse;
  status: BillingStatus;
  preview: Preview;
  checkout: CheckoutResponse;
  portal: PortalResponse;
  change: ChangeResponse;
  cancel: BillingStatus;
  resume: BillingStatus;
  usage: UsageResponse;
}

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
  ): Promise<Answers[R]> {
    const route = ROUTE_PATHS[name];
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
      const error = readErrorBody(json);
      if (error) {
        // A code a newer server added is kept as it is (its status, from core's table, is 0).
        throw new BillingError<string>(
          error.code,
          error.message,
          error.details ? { details: error.details } : {},
        );
      }
      throw new BillingClientError(
        'INVALID_RESPONSE',
        `${where} answered HTTP ${response.status} without a Tollgate {error: {code, message}} body.`,
        { httpStatus: response.status },
      );
    }
    if (!isObject(json)) {
      throw new BillingClientError(
        'INVALID_RESPONSE',
        `${where} answered ${JSON.stringify(json)?.slice(0, 40)} where a JSON object was expected — are the server and @tollgate/react on the same version?`,
        { httpStatus: response.status },
      );
    }
    return tolerateBody(json) as unknown as Answers[R];
  }

  return {
    baseUrl,
    plans: (signal) => call('plans', undefined, signal),
    status: (signal) => call('status', undefined, signal),
    preview: <R extends PreviewRequest>(body: R, signal?: AbortSignal) =>
      call('preview', body, signal) as Promise<PreviewFor<R>>,
    checkout: (body) => call('checkout', body),
    portal: (body = {}) => call('portal', body),
    change: (body) => call('change', body),
    cancel: () => call('cancel', {}),
    resume: (body = {}) => call('resume', body),
    usage: (signal) => call('usage', undefined, signal),
  };
}
