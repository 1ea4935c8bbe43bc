import type Stripe from 'stripe';

/** How a test card behaves (FACTS.md). */
export type CardBehaviour =
  | 'succeeds'
  | 'auth_on_setup'
  | 'auth_always'
  | 'generic_decline'
  | 'insufficient_funds'
  | 'expired_card'
  | 'customer_fail';

/** A Stripe test card. */
export interface TestCard {
  number: string;
  token: string;
  brand: 'visa' | 'mastercard' | 'amex';
  behaviour: CardBehaviour;
  label: string;
}

/** Every test card the emulator knows, in the order the hosted page lists them. */
export const TEST_CARDS: readonly TestCard[] = [
  {
    number: '4242424242424242',
    token: 'pm_card_visa',
    brand: 'visa',
    behaviour: 'succeeds',
    label: 'Succeeds',
  },
  {
    number: '5555555555554444',
    token: 'pm_card_mastercard',
    brand: 'mastercard',
    behaviour: 'succeeds',
    label: 'Mastercard, succeeds',
  },
  {
    number: '4000002500003155',
    token: 'pm_card_authenticationRequiredOnSetup',
    brand: 'visa',
    behaviour: 'auth_on_setup',
    label: '3D Secure on setup, later off-session charges succeed',
  },
  {
    number: '4000002760003184',
    token: 'pm_card_authenticationRequired',
    brand: 'visa',
    behaviour: 'auth_always',
    label: '3D Secure on every charge',
  },
  {
    number: '4000000000000002',
    token: 'pm_card_visa_chargeDeclined',
    brand: 'visa',
    behaviour: 'generic_decline',
    label: 'Declined',
  },
  {
    number: '4000000000009995',
    token: 'pm_card_visa_chargeDeclinedInsufficientFunds',
    brand: 'visa',
    behaviour: 'insufficient_funds',
    label: 'Insufficient funds',
  },
  {
    number: '4000000000000069',
    token: 'pm_card_chargeDeclinedExpiredCard',
    brand: 'visa',
    behaviour: 'expired_card',
    label: 'Expired card',
  },
  {
    number: '4000000000000341',
    token: 'pm_card_chargeCustomerFail',
    brand: 'visa',
    behaviour: 'customer_fail',
    label: 'Attaches, later charges fail',
  },
];

/** Test card by `pm_card_*` token or `tok_*` alias (`tok_visa` ↔ `pm_card_visa`). */
export function cardByToken(token: string): TestCard | undefined {
  const normalized = token.startsWith('tok_') ? `pm_card_${token.slice(4)}` : token;
  return TEST_CARDS.find((c) => c.token === normalized);
}

/** Test card by number (spaces and dashes ignored). */
export function cardByNumber(number: string): TestCard | undefined {
  const digits = number.replace(/[\s-]/g, '');
  return TEST_CARDS.find((c) => c.number === digits);
}

/** The behaviour of a stored card payment method (keyed by its test-card fingerprint). */
export function behaviourOf(pm: Stripe.PaymentMethod): CardBehaviour {
  const fingerprint = pm.card?.fingerprint ?? '';
  return TEST_CARDS.find((c) => fingerprintOf(c) === fingerprint)?.behaviour ?? 'succeeds';
}

/** The fingerprint the emulator gives a test card's payment methods. */
export function fingerprintOf(card: TestCard): string {
  return `fp${card.number.slice(-8)}`;
}

/** A decline the card produces when charged, or `null` if it is not a declining card. */
interface Decline {
  code: 'card_declined' | 'expired_card';
  decline_code: string;
  message: string;
  param?: string;
}

/** What a charge on a card with `behaviour` declines with, or `null`. */
export function declineFor(behaviour: CardBehaviour): Decline | null {
  switch (behaviour) {
    case 'generic_decline':
    case 'customer_fail':
      return {
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      };
    case 'insufficient_funds':
      return {
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      };
    case 'expired_card':
      return {
        code: 'expired_card',
        decline_code: 'expired_card',
        message: 'Your card has expired.',
        param: 'exp_month',
      };
    default:
      return null;
  }
}

/**
 * What saving a card with `behaviour` (attach, SetupIntent) declines with, or `null`:
 * 0341 (`customer_fail`) attaches fine and only its later charges fail.
 */
export function setupDeclineFor(behaviour: CardBehaviour): Decline | null {
  return behaviour === 'customer_fail' ? null : declineFor(behaviour);
}

/**
 * Whether a charge on a card with `behaviour` stops for 3-D Secure: never when the customer has
 * just `authenticated` this payment, always for 3DS-always cards, and for 3DS-on-setup cards
 * until they have been authenticated once (`authenticatedBefore`).
 */
export function needsAuthentication(
  behaviour: CardBehaviour,
  authenticated: boolean | undefined,
  authenticatedBefore: boolean | undefined,
): boolean {
  return (
    !authenticated &&
    (behaviour === 'auth_always' || (behaviour === 'auth_on_setup' && !authenticatedBefore))
  );
}

/**
 * Whether saving a card with `behaviour` (a SetupIntent, a trial's checkout) stops for 3-D
 * Secure: every new setup of a 3DS card does, unless the customer has just `authenticated` it.
 */
export function setupNeedsAuthentication(
  behaviour: CardBehaviour,
  authenticated: boolean | undefined,
): boolean {
  return !authenticated && (behaviour === 'auth_on_setup' || behaviour === 'auth_always');
}

/** The message of a failed 3-D Secure challenge. */
export const AUTH_FAILURE_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';
