import type Stripe from 'stripe';

/** How a test card behaves (FACTS.md and Stripe's testing docs). */
export type CardBehaviour =
  | 'succeeds'
  | 'auth_on_setup'
  | 'auth_always'
  | 'auth_then_insufficient_funds'
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'velocity_exceeded'
  | 'fraudulent'
  | 'customer_fail';

/** A Stripe test card. */
export interface TestCard {
  number: string;
  /**
   * The `pm_card_*` id (`tok_*` works too: `tok_visa` ↔ `pm_card_visa`); none where Stripe
   * documents only the number (Japan's JCB shares `pm_card_jcb` with the brand card).
   */
  token?: string;
  /** Other `pm_card_*` ids Stripe documents for the same card. */
  aliases?: readonly string[];
  brand: string;
  funding?: 'credit' | 'debit' | 'prepaid';
  country?: string;
  behaviour: CardBehaviour;
  label: string;
  /** Offered on the hosted pages' card picker. */
  featured?: boolean;
}

const card = (
  number: string,
  token: string | undefined,
  brand: string,
  behaviour: CardBehaviour,
  label: string,
  extra: Partial<TestCard> = {},
): TestCard => ({ number, ...(token ? { token } : {}), brand, behaviour, label, ...extra });

/**
 * Every test card the emulator knows: Stripe's documented brand, decline, fraud, 3-D Secure and
 * country cards. The `featured` ones are offered on the hosted pages, in this order.
 */
export const TEST_CARDS: readonly TestCard[] = [
  card('4242424242424242', 'pm_card_visa', 'visa', 'succeeds', 'Succeeds', {
    aliases: ['pm_card_us'],
    featured: true,
  }),
  card('5555555555554444', 'pm_card_mastercard', 'mastercard', 'succeeds', 'Mastercard, succeeds', {
    featured: true,
  }),
  card(
    '4000002500003155',
    'pm_card_authenticationRequiredOnSetup',
    'visa',
    'auth_on_setup',
    '3D Secure on setup, later off-session charges succeed',
    { featured: true },
  ),
  card(
    '4000002760003184',
    'pm_card_authenticationRequired',
    'visa',
    'auth_always',
    '3D Secure on every charge',
    { featured: true },
  ),
  card('4000000000000002', 'pm_card_visa_chargeDeclined', 'visa', 'generic_decline', 'Declined', {
    aliases: ['pm_card_chargeDeclined'],
    featured: true,
  }),
  card(
    '4000000000009995',
    'pm_card_visa_chargeDeclinedInsufficientFunds',
    'visa',
    'insufficient_funds',
    'Insufficient funds',
    {
      aliases: ['pm_card_chargeDeclinedInsufficientFunds'],
      featured: true,
    },
  ),
  card(
    '4000000000000069',
    'pm_card_chargeDeclinedExpiredCard',
    'visa',
    'expired_card',
    'Expired card',
    { featured: true },
  ),
  card(
    '4000000000000341',
    'pm_card_chargeCustomerFail',
    'visa',
    'customer_fail',
    'Attaches, later charges fail',
    { featured: true },
  ),
  // Brands
  card('4000056655665556', 'pm_card_visa_debit', 'visa', 'succeeds', 'Visa debit', {
    funding: 'debit',
  }),
  card(
    '5200828282828210',
    'pm_card_mastercard_debit',
    'mastercard',
    'succeeds',
    'Mastercard debit',
    {
      funding: 'debit',
    },
  ),
  card(
    '5105105105105100',
    'pm_card_mastercard_prepaid',
    'mastercard',
    'succeeds',
    'Mastercard prepaid',
    { funding: 'prepaid' },
  ),
  card(
    '2223003122003222',
    'pm_card_mastercard_2series',
    'mastercard',
    'succeeds',
    'Mastercard (2-series)',
  ),
  card('378282246310005', 'pm_card_amex', 'amex', 'succeeds', 'American Express'),
  card('371449635398431', 'pm_card_amex_2', 'amex', 'succeeds', 'American Express'),
  card('6011111111111117', 'pm_card_discover', 'discover', 'succeeds', 'Discover'),
  card('6011000990139424', 'pm_card_discover_2', 'discover', 'succeeds', 'Discover'),
  card('6011981111111113', 'pm_card_discover_debit', 'discover', 'succeeds', 'Discover debit', {
    funding: 'debit',
  }),
  card('3056930009020004', 'pm_card_diners', 'diners', 'succeeds', 'Diners Club'),
  card('36227206271667', 'pm_card_diners_14', 'diners', 'succeeds', 'Diners Club (14 digits)'),
  card('3566002020360505', 'pm_card_jcb', 'jcb', 'succeeds', 'JCB'),
  card('6200000000000005', 'pm_card_unionpay', 'unionpay', 'succeeds', 'UnionPay'),
  card('6200000000000047', 'pm_card_unionpay_debit', 'unionpay', 'succeeds', 'UnionPay debit', {
    funding: 'debit',
  }),
  // Declines
  card(
    '4000000000009987',
    'pm_card_visa_chargeDeclinedLostCard',
    'visa',
    'lost_card',
    'Lost card',
    {
      aliases: ['pm_card_chargeDeclinedLostCard'],
    },
  ),
  card(
    '4000000000009979',
    'pm_card_visa_chargeDeclinedStolenCard',
    'visa',
    'stolen_card',
    'Stolen card',
    { aliases: ['pm_card_chargeDeclinedStolenCard'] },
  ),
  card(
    '4000000000000127',
    'pm_card_chargeDeclinedIncorrectCvc',
    'visa',
    'incorrect_cvc',
    'Incorrect CVC',
  ),
  card(
    '4000000000000119',
    'pm_card_chargeDeclinedProcessingError',
    'visa',
    'processing_error',
    'Processing error',
  ),
  card(
    '4000000000006975',
    'pm_card_chargeDeclinedVelocityLimitExceeded',
    'visa',
    'velocity_exceeded',
    'Velocity limit exceeded',
  ),
  // Fraud prevention
  card('4100000000000019', 'pm_card_radarBlock', 'visa', 'fraudulent', 'Always blocked'),
  card(
    '4000000000004954',
    'pm_card_riskLevelHighest',
    'visa',
    'fraudulent',
    'Highest risk, blocked',
  ),
  card('4000000000009235', 'pm_card_riskLevelElevated', 'visa', 'succeeds', 'Elevated risk'),
  card('4000000000000101', 'pm_card_cvcCheckFail', 'visa', 'succeeds', 'CVC check fails'),
  card('4000000000000010', 'pm_card_avsFail', 'visa', 'succeeds', 'Address checks fail'),
  card(
    '4000000000000028',
    'pm_card_avsLine1Fail',
    'visa',
    'succeeds',
    'Address line 1 check fails',
  ),
  card('4000000000000036', 'pm_card_avsZipFail', 'visa', 'succeeds', 'Postal code check fails'),
  card(
    '4000000000000044',
    'pm_card_avsUnchecked',
    'visa',
    'succeeds',
    'Address checks unavailable',
  ),
  card('4000000000000259', 'pm_card_createDispute', 'visa', 'succeeds', 'Succeeds, then disputed'),
  card('4000000000005126', 'pm_card_refundFail', 'visa', 'succeeds', 'Succeeds, refunds fail'),
  card('4000000000000077', 'pm_card_bypassPending', 'visa', 'succeeds', 'Funds available at once'),
  card('4000000000000093', 'pm_card_domesticPricing', 'visa', 'succeeds', 'Domestic pricing'),
  // 3-D Secure
  card(
    '4000008260003178',
    'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
    'visa',
    'auth_then_insufficient_funds',
    '3D Secure, then insufficient funds',
  ),
  card(
    '4000000000003220',
    'pm_card_threeDSecure2Required',
    'visa',
    'auth_always',
    '3D Secure 2 on every charge',
  ),
  card(
    '4000000000003063',
    'pm_card_threeDSecureRequired',
    'visa',
    'auth_always',
    '3D Secure on every charge',
  ),
  card(
    '4000000000003055',
    'pm_card_threeDSecureOptional',
    'visa',
    'succeeds',
    '3D Secure supported, not required',
  ),
  // Countries (Stripe's international cards; each succeeds without authentication)
  card('4000000320000021', 'pm_card_ar', 'visa', 'succeeds', 'Argentina', { country: 'AR' }),
  card('4000000760000002', 'pm_card_br', 'visa', 'succeeds', 'Brazil', { country: 'BR' }),
  card('4000001240000000', 'pm_card_ca', 'visa', 'succeeds', 'Canada', { country: 'CA' }),
  card('4000001520000001', 'pm_card_cl', 'visa', 'succeeds', 'Chile', { country: 'CL' }),
  card('4000001700000003', 'pm_card_co', 'visa', 'succeeds', 'Colombia', { country: 'CO' }),
  card('4000001880000005', 'pm_card_cr', 'visa', 'succeeds', 'Costa Rica', { country: 'CR' }),
  card('4000002180000000', 'pm_card_ec', 'visa', 'succeeds', 'Ecuador', { country: 'EC' }),
  card('4000004840008001', 'pm_card_mx', 'visa', 'succeeds', 'Mexico', { country: 'MX' }),
  card('4000005910000000', 'pm_card_pa', 'visa', 'succeeds', 'Panama', { country: 'PA' }),
  card('4000006000000066', 'pm_card_py', 'visa', 'succeeds', 'Paraguay', { country: 'PY' }),
  card('4000006040000068', 'pm_card_pe', 'visa', 'succeeds', 'Peru', { country: 'PE' }),
  card('4000008580000003', 'pm_card_uy', 'visa', 'succeeds', 'Uruguay', { country: 'UY' }),
  card('4000007840000001', 'pm_card_ae', 'visa', 'succeeds', 'United Arab Emirates', {
    country: 'AE',
  }),
  card('4000000400000008', 'pm_card_at', 'visa', 'succeeds', 'Austria', { country: 'AT' }),
  card('4000000560000004', 'pm_card_be', 'visa', 'succeeds', 'Belgium', { country: 'BE' }),
  card('4000001000000000', 'pm_card_bg', 'visa', 'succeeds', 'Bulgaria', { country: 'BG' }),
  card('4000001120000005', 'pm_card_by', 'visa', 'succeeds', 'Belarus', { country: 'BY' }),
  card('4000001910000009', 'pm_card_hr', 'visa', 'succeeds', 'Croatia', { country: 'HR' }),
  card('4000001960000008', 'pm_card_cy', 'visa', 'succeeds', 'Cyprus', { country: 'CY' }),
  card('4000002030000002', 'pm_card_cz', 'visa', 'succeeds', 'Czech Republic', { country: 'CZ' }),
  card('4000002080000001', 'pm_card_dk', 'visa', 'succeeds', 'Denmark', { country: 'DK' }),
  card('4000002330000009', 'pm_card_ee', 'visa', 'succeeds', 'Estonia', { country: 'EE' }),
  card('4000002460000001', 'pm_card_fi', 'visa', 'succeeds', 'Finland', { country: 'FI' }),
  card('4000002500000003', 'pm_card_fr', 'visa', 'succeeds', 'France', { country: 'FR' }),
  card('4000002760000016', 'pm_card_de', 'visa', 'succeeds', 'Germany', { country: 'DE' }),
  card('4000002920000005', 'pm_card_gi', 'visa', 'succeeds', 'Gibraltar', { country: 'GI' }),
  card('4000003000000030', 'pm_card_gr', 'visa', 'succeeds', 'Greece', { country: 'GR' }),
  card('4000003480000005', 'pm_card_hu', 'visa', 'succeeds', 'Hungary', { country: 'HU' }),
  card('4000003720000005', 'pm_card_ie', 'visa', 'succeeds', 'Ireland', { country: 'IE' }),
  card('4000003800000008', 'pm_card_it', 'visa', 'succeeds', 'Italy', { country: 'IT' }),
  card('4000004280000005', 'pm_card_lv', 'visa', 'succeeds', 'Latvia', { country: 'LV' }),
  card('4000004380000004', 'pm_card_li', 'visa', 'succeeds', 'Liechtenstein', { country: 'LI' }),
  card('4000004400000000', 'pm_card_lt', 'visa', 'succeeds', 'Lithuania', { country: 'LT' }),
  card('4000004420000006', 'pm_card_lu', 'visa', 'succeeds', 'Luxembourg', { country: 'LU' }),
  card('4000004700000007', 'pm_card_mt', 'visa', 'succeeds', 'Malta', { country: 'MT' }),
  card('4000005280000002', 'pm_card_nl', 'visa', 'succeeds', 'Netherlands', { country: 'NL' }),
  card('4000005780000007', 'pm_card_no', 'visa', 'succeeds', 'Norway', { country: 'NO' }),
  card('4000006160000005', 'pm_card_pl', 'visa', 'succeeds', 'Poland', { country: 'PL' }),
  card('4000006200000007', 'pm_card_pt', 'visa', 'succeeds', 'Portugal', { country: 'PT' }),
  card('4000006420000001', 'pm_card_ro', 'visa', 'succeeds', 'Romania', { country: 'RO' }),
  card('4000006820000007', undefined, 'visa', 'succeeds', 'Saudi Arabia', { country: 'SA' }),
  card('4000007050000006', 'pm_card_si', 'visa', 'succeeds', 'Slovenia', { country: 'SI' }),
  card('4000007030000001', 'pm_card_sk', 'visa', 'succeeds', 'Slovakia', { country: 'SK' }),
  card('4000007240000007', 'pm_card_es', 'visa', 'succeeds', 'Spain', { country: 'ES' }),
  card('4000007520000008', 'pm_card_se', 'visa', 'succeeds', 'Sweden', { country: 'SE' }),
  card('4000007560000009', 'pm_card_ch', 'visa', 'succeeds', 'Switzerland', { country: 'CH' }),
  card('4000008260000000', 'pm_card_gb', 'visa', 'succeeds', 'United Kingdom', { country: 'GB' }),
  card('4000000360000006', 'pm_card_au', 'visa', 'succeeds', 'Australia', { country: 'AU' }),
  card('4000001560000002', 'pm_card_cn', 'visa', 'succeeds', 'China', { country: 'CN' }),
  card('4000003440000004', 'pm_card_hk', 'visa', 'succeeds', 'Hong Kong', { country: 'HK' }),
  card('4000003560000008', 'pm_card_in', 'visa', 'succeeds', 'India', { country: 'IN' }),
  card('4000003920000003', 'pm_card_jp', 'visa', 'succeeds', 'Japan', { country: 'JP' }),
  card('4000004580000002', 'pm_card_my', 'visa', 'succeeds', 'Malaysia', { country: 'MY' }),
  card('4000005540000008', 'pm_card_nz', 'visa', 'succeeds', 'New Zealand', { country: 'NZ' }),
  card('4000007020000003', 'pm_card_sg', 'visa', 'succeeds', 'Singapore', { country: 'SG' }),
  card('4000001580000008', 'pm_card_tw', 'visa', 'succeeds', 'Taiwan', { country: 'TW' }),
  card(
    '5200007840000022',
    'pm_card_ae_mastercard',
    'mastercard',
    'succeeds',
    'United Arab Emirates, Mastercard',
    {
      country: 'AE',
    },
  ),
  card('4000058260000005', 'pm_card_gb_debit', 'visa', 'succeeds', 'United Kingdom, debit', {
    country: 'GB',
    funding: 'debit',
  }),
  card(
    '5555558265554449',
    'pm_card_gb_mastercard',
    'mastercard',
    'succeeds',
    'United Kingdom, Mastercard',
    {
      country: 'GB',
    },
  ),
  card('3530111333300000', undefined, 'jcb', 'succeeds', 'Japan, JCB', { country: 'JP' }),
  card('4000007640000003', 'pm_card_th_credit', 'visa', 'succeeds', 'Thailand, credit', {
    country: 'TH',
    funding: 'credit',
  }),
  card('4000057640000008', 'pm_card_th_debit', 'visa', 'succeeds', 'Thailand, debit', {
    country: 'TH',
    funding: 'debit',
  }),
  // Health savings / flexible spending accounts
  card(
    '4000051230000072',
    'pm_card_debit_visaFsaProductCode',
    'visa',
    'succeeds',
    'Visa FSA / HSA',
    {
      aliases: ['pm_card_debit_visaHsaProductCode'],
      funding: 'debit',
    },
  ),
  card(
    '5200828282828897',
    'pm_card_mastercard_debit_mastercardFsaProductCode',
    'mastercard',
    'succeeds',
    'Mastercard FSA',
    { funding: 'debit' },
  ),
];

/** Test card by `pm_card_*` token or `tok_*` alias (`tok_visa` ↔ `pm_card_visa`). */
export function cardByToken(token: string): TestCard | undefined {
  const normalized = token.startsWith('tok_') ? `pm_card_${token.slice(4)}` : token;
  return TEST_CARDS.find((c) => c.token === normalized || c.aliases?.includes(normalized));
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
  code: 'card_declined' | 'expired_card' | 'incorrect_cvc' | 'processing_error';
  decline_code: string;
  message: string;
  param?: string;
}

const declined = (decline_code: string, message = 'Your card was declined.'): Decline => ({
  code: 'card_declined',
  decline_code,
  message,
});

/**
 * What a charge on a card with `behaviour` declines with, or `null`. `authenticated`: the
 * customer has just passed 3-D Secure for this payment (4000 0082 6000 3178 declines only then).
 */
export function declineFor(behaviour: CardBehaviour, authenticated = false): Decline | null {
  switch (behaviour) {
    case 'auth_then_insufficient_funds':
      return authenticated
        ? declined('insufficient_funds', 'Your card has insufficient funds.')
        : null;
    case 'lost_card':
      return declined('lost_card');
    case 'stolen_card':
      return declined('stolen_card');
    case 'fraudulent':
      return declined('fraudulent');
    case 'velocity_exceeded':
      return declined(
        'card_velocity_exceeded',
        'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
      );
    case 'incorrect_cvc':
      return {
        code: 'incorrect_cvc',
        decline_code: 'incorrect_cvc',
        message: "Your card's security code is incorrect.",
        param: 'cvc',
      };
    case 'processing_error':
      return {
        code: 'processing_error',
        decline_code: 'processing_error',
        message: 'An error occurred while processing your card. Try again in a little bit.',
      };
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
    (behaviour === 'auth_always' ||
      behaviour === 'auth_then_insufficient_funds' ||
      (behaviour === 'auth_on_setup' && !authenticatedBefore))
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
  return (
    !authenticated &&
    (behaviour === 'auth_on_setup' ||
      behaviour === 'auth_always' ||
      behaviour === 'auth_then_insufficient_funds')
  );
}

/** The message of a failed 3-D Secure challenge. */
export const AUTH_FAILURE_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';
