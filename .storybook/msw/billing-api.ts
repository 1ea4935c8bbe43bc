import {
  type BillingStatus,
  type ChangeRequest,
  type ChangeResponse,
  type CheckoutRequest,
  type CheckoutResponse,
  type PlansResponse,
  type PortalRequest,
  type PortalResponse,
  type Preview,
  type PreviewRequest,
  type ResumeRequest,
  ROUTES,
  type UsageResponse,
} from '@tollgate/core';
import { fixtures } from '@tollgate/core/fixtures';
import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import {
  checkErrorBody,
  checkRequest,
  checkResponse,
  MOCKED_ROUTES,
  type MockedRoute,
  reportViolation,
} from './contract';

import { isScripted, type Reply, type Scripted, scriptedKind } from './reply';

/** An answer that may depend on what the component asked for. */
type Answer<Req, Res> = Reply<Res> | ((request: Req) => Reply<Res>);

/**
 * What the mocked billing server answers, route by route. Data is checked against the contract
 * schemas before the story renders; routes left out answer a contract error and fail the story.
 */
export interface BillingScenario {
  plans?: Reply<PlansResponse>;
  status?: Reply<BillingStatus>;
  preview?: Answer<PreviewRequest, Preview>;
  change?: Answer<ChangeRequest, ChangeResponse>;
  checkout?: Answer<CheckoutRequest, CheckoutResponse>;
  portal?: Answer<PortalRequest, PortalResponse>;
  cancel?: Reply<BillingStatus>;
  resume?: Answer<ResumeRequest, BillingStatus>;
  usage?: Reply<UsageResponse>;
  /**
   * What `GET /status` reports once the customer completes 3-D Secure in the stripe.js double
   * (the server learns of the payment through Stripe's webhook, then answers the new state).
   */
  afterPayment?: BillingStatus;
  /** Where the routes are mounted; `/api/billing` unless the provider is told otherwise. */
  basePath?: string;
}

/** One request a story's component sent, after the contract check. */
export interface RecordedRequest {
  route: MockedRoute;
  /** The base path the request went to (several mocked servers can serve one story). */
  basePath: string;
  body: unknown;
}

const recorded: RecordedRequest[] = [];
let settlePayment: () => void = () => {};

/** Forget the requests of the previous story. */
export function resetBillingRecords(): void {
  recorded.length = 0;
  settlePayment = () => {};
}

/** Tell the mocked server that a 3-D Secure payment succeeded (called by the stripe.js double). */
export function paymentConfirmed(): void {
  settlePayment();
}

/** Requests sent to the mocked billing API in the current story, oldest first. */
export function billingRequests(route?: MockedRoute): RecordedRequest[] {
  return route ? recorded.filter((entry) => entry.route === route) : [...recorded];
}

function entries<T>(reply: Reply<T>): ReadonlyArray<T | Scripted> {
  return Array.isArray(reply) ? reply : [reply as T | Scripted];
}

/** Validate every piece of static data in a scenario up front, so drift fails before render. */
export function checkScenario(scenario: BillingScenario): string[] {
  const problems: string[] = [];
  const check = (route: MockedRoute, reply: unknown) => {
    if (reply === undefined || typeof reply === 'function') return;
    for (const entry of entries(reply)) {
      if (isScripted(entry)) continue;
      const problem = checkResponse(route, entry);
      if (problem) problems.push(problem);
    }
  };
  for (const route of MOCKED_ROUTES) {
    if (route in scenario) check(route, scenario[route as keyof BillingScenario]);
  }
  if (scenario.afterPayment) check('status', scenario.afterPayment);
  return problems;
}

/** `GET /plans` for a signed-in customer in `status`: the same catalog, their plan marked current. */
export function plansFor(status: BillingStatus, plans: PlansResponse = fixtures.plans.usd) {
  return {
    ...plans,
    current: {
      plan: status.plan,
      interval: status.interval,
      ...(status.discount ? { discount: status.discount } : {}),
    },
    trialEligible: status.trialEligible,
  } satisfies PlansResponse;
}

/**
 * After a change, cancel or resume the real server answers `/plans` with the caller's new plan
 * as `current`; so does the mock (for signed-in catalogs, `current` not null).
 */
function followStatus(route: MockedRoute, entry: unknown, status: BillingStatus | null): unknown {
  if (route !== 'plans' || !status || isScripted(entry)) return entry;
  const plans = entry as PlansResponse;
  return plans.current === null ? entry : plansFor(status, plans);
}

async function readBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false }> {
  const text = await request.text();
  if (text.trim() === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function errorResponse(route: MockedRoute, status: number, code: string, message: string) {
  const body = { error: { code, message } };
  const problem = checkErrorBody(route, body);
  if (problem) reportViolation(problem);
  return HttpResponse.json(body, { status });
}

async function send(route: MockedRoute, entry: unknown): Promise<Response> {
  if (isScripted(entry)) {
    const kind = scriptedKind(entry);
    if (kind === 'pending') {
      await delay('infinite');
    }
    const { status, code, message } = entry as { status: number; code: string; message: string };
    return errorResponse(route, status, code, message);
  }
  const problem = checkResponse(route, entry);
  if (problem) {
    reportViolation(problem);
    return errorResponse(route, 500, 'INTERNAL_ERROR', `Storybook fixture drifted: ${problem}`);
  }
  return HttpResponse.json(entry as Record<string, unknown>);
}

/**
 * MSW handlers for the whole wire contract, answering from `scenario`. Every request body is
 * checked with the route's request schema and every answer with its response schema; a
 * mismatch is recorded as a violation and fails the story. Mutations are stateful: after an
 * applied or scheduled change, a cancel, a resume or a confirmed payment, `GET /status` answers
 * the new status and `GET /plans` marks its plan as current.
 */
export function billingHandlers(scenario: BillingScenario): RequestHandler[] {
  const basePath = scenario.basePath ?? '/api/billing';
  const calls = new Map<MockedRoute, number>();
  let currentStatus: BillingStatus | null = null;
  settlePayment = () => {
    if (scenario.afterPayment) currentStatus = scenario.afterPayment;
  };

  const next = (route: MockedRoute, reply: Reply<unknown>) => {
    const list = entries(reply);
    const index = calls.get(route) ?? 0;
    calls.set(route, index + 1);
    return list[Math.min(index, list.length - 1)];
  };

  const handle = (route: MockedRoute) => {
    const { method, path } = ROUTES[route];
    const resolver = async ({ request }: { request: Request }) => {
      const parsed = await readBody(request);
      if (!parsed.ok) {
        reportViolation(`${method} ${path} was sent a body that is not JSON`);
        return errorResponse(route, 400, 'INVALID_JSON', 'The request body is not valid JSON.');
      }
      const requestProblem = checkRequest(route, parsed.body);
      if (requestProblem) {
        reportViolation(requestProblem);
        return errorResponse(route, 400, 'INVALID_REQUEST', requestProblem);
      }
      recorded.push({ route, basePath, body: parsed.body });
      if (route === 'status' && currentStatus) return send(route, currentStatus);
      const answer = scenario[route];
      if (answer === undefined) {
        const problem = `the story called ${method} ${path} but its billing scenario has no answer for it`;
        reportViolation(problem);
        return errorResponse(route, 500, 'INTERNAL_ERROR', problem);
      }
      const reply =
        typeof answer === 'function'
          ? (answer as (body: unknown) => Reply<unknown>)(parsed.body ?? {})
          : answer;
      const entry = followStatus(route, next(route, reply), currentStatus);
      const response = await send(route, entry);
      if (response.ok && !isScripted(entry)) {
        if (route === 'cancel' || route === 'resume') currentStatus = entry as BillingStatus;
        if (route === 'change') {
          const change = entry as ChangeResponse;
          if (change.outcome !== 'requires_action') currentStatus = change.status;
        }
      }
      return response;
    };
    const url = `${basePath}${path}`;
    return method === 'GET' ? http.get(url, resolver) : http.post(url, resolver);
  };

  const unknown = http.all(`${basePath}/*`, ({ request }) => {
    const path = new URL(request.url).pathname;
    reportViolation(`the story called ${request.method} ${path}, which is not a contract route`);
    return HttpResponse.json(
      { error: { code: 'NOT_FOUND', message: `No billing route at ${path}.` } },
      { status: 404 },
    );
  });
  return [...MOCKED_ROUTES.map(handle), unknown];
}

/**
 * A story's mocked billing server. A class instance (not a plain object) on purpose: Storybook
 * deep-merges plain-object parameters, which would splice a meta's fixture into a story's and
 * produce a status no server ever sent. An instance is replaced whole.
 */
export class MockBillingApi {
  constructor(readonly scenario: BillingScenario) {}
}

/**
 * The `parameters.billing` value of a story.
 *
 * @example
 * parameters: { billing: mockBillingApi({ plans: plans.usd, status: statuses.pastDueFirst }) }
 */
export function mockBillingApi(scenario: BillingScenario): MockBillingApi {
  return new MockBillingApi(scenario);
}
