import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { clientSecret, newId } from '../ids.js';
import {
  AUTH_FAILURE_MESSAGE,
  behaviourOf,
  setupDeclineFor,
  setupNeedsAuthentication,
} from './cards.js';
import type { Engine } from './context.js';
import { emit, update } from './emit.js';
import {
  attachPaymentMethod,
  paymentMethodToConfirm,
  resolvePaymentMethod,
} from './payment-methods.js';
import { mergeMetadata, must } from './util.js';

/** Parameters for {@link createSetupIntent}. */
interface SetupIntentInput {
  customer?: string | null;
  payment_method?: string | null;
  usage?: 'off_session' | 'on_session';
  metadata?: Record<string, string>;
  description?: string | null;
}

/** Creates a setup intent; emits `setup_intent.created`. */
export function createSetupIntent(engine: Engine, input: SetupIntentInput): Stripe.SetupIntent {
  const id = newId('seti');
  const pm = input.payment_method ? resolvePaymentMethod(engine, input.payment_method).id : null;
  const si = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created: engine.clock.now(),
    customer: input.customer ?? null,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: mergeMetadata({}, input.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
    usage: input.usage ?? 'off_session',
  } satisfies Stripe.SetupIntent;
  engine.state.setupIntents[id] = si;
  emit(engine, 'setup_intent.created', si);
  return si;
}

/** The setup intent with `id`, or a 404. */
export function getSetupIntent(engine: Engine, id: string): Stripe.SetupIntent {
  return must(engine.state.setupIntents, id, 'setup_intent', 'intent');
}

/**
 * Confirms a setup intent with the test card's behaviour: 3DS cards stop at `requires_action`
 * (unless `authenticated`), declining cards fail with `last_setup_error`, others succeed and
 * attach the card to the customer.
 */
export function confirmSetupIntent(
  engine: Engine,
  si: Stripe.SetupIntent,
  paymentMethod: string | null,
  authenticated = false,
): Stripe.SetupIntent {
  const pmId = paymentMethodToConfirm(engine, si, 'SetupIntent', paymentMethod);
  const pm = engine.state.paymentMethods[pmId]!;
  const behaviour = behaviourOf(pm);
  const decline = setupDeclineFor(behaviour);
  if (decline) {
    update(engine, 'setup_intent.setup_failed', si, (s) => {
      s.payment_method = null;
      s.status = 'requires_payment_method';
      s.last_setup_error = {
        type: 'card_error',
        code: decline.code,
        decline_code: decline.decline_code,
        message: decline.message,
      };
    });
    return si;
  }
  if (setupNeedsAuthentication(behaviour, authenticated)) {
    update(engine, 'setup_intent.requires_action', si, (s) => {
      s.payment_method = pmId;
      s.status = 'requires_action';
      s.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect' },
      };
    });
    return si;
  }
  const customer = si.customer as string | null;
  if (customer && pm.customer !== customer) attachPaymentMethod(engine, pmId, customer);
  engine.state.internal.authenticated[pmId] = true;
  update(engine, 'setup_intent.succeeded', si, (s) => {
    s.payment_method = pmId;
    s.status = 'succeeded';
    s.next_action = null;
    s.last_setup_error = null;
  });
  return si;
}

/** Creates and confirms a setup intent in one go (checkout trials). */
export function confirmSetup(
  engine: Engine,
  input: SetupIntentInput,
  authenticated: boolean,
): Stripe.SetupIntent {
  const si = createSetupIntent(engine, input);
  return confirmSetupIntent(engine, si, input.payment_method ?? null, authenticated);
}

/** Settles the 3DS challenge of a setup intent in `requires_action` (what stripe.js would do). */
export function authenticateSetupIntent(
  engine: Engine,
  id: string,
  result: 'complete' | 'fail',
): Stripe.SetupIntent {
  const si = getSetupIntent(engine, id);
  if (si.status !== 'requires_action') {
    throw invalidRequest(
      'This SetupIntent has no authentication pending.',
      'intent',
      'setup_intent_unexpected_state',
    );
  }
  if (result === 'complete') return confirmSetupIntent(engine, si, null, true);
  update(engine, 'setup_intent.setup_failed', si, (s) => {
    s.status = 'requires_payment_method';
    s.next_action = null;
    s.last_setup_error = {
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      message: AUTH_FAILURE_MESSAGE,
    };
  });
  return si;
}
