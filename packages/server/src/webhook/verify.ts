import { BillingError } from '@tollgate/core';
import type Stripe from 'stripe';
import { CachedSubtleCryptoProvider } from './crypto';

/** Options of {@link createVerifier}. */
export interface VerifierOptions {
  stripe: Stripe;
  /** Every signing secret currently valid (several during rotation). */
  secrets: readonly string[];
  /** Accepted distance between the signature's timestamp and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Wall-clock now in ms (injectable for tests). */
  now?: () => number;
}

/**
 * The one timestamp of a `Stripe-Signature` header (`t=…,v1=…[,v1=…]`), read the way stripe-node
 * reads it (elements split on ",", the key before the first "="). A header with more than one
 * `t=` is refused: stripe-node verifies the last one, so a second `t` would let a captured
 * signature ride on a fresh-looking first timestamp.
 */
function timestampOf(header: string): number {
  const timestamps = header
    .split(',')
    .map((element) => element.split('='))
    .filter(([key]) => key?.trim() === 't');
  if (timestamps.length !== 1) {
    throw new BillingError(
      'INVALID_SIGNATURE',
      timestamps.length === 0
        ? 'The Stripe-Signature header has no timestamp (t=…).'
        : 'The Stripe-Signature header has more than one timestamp (t=…) — Stripe sends exactly one; pass the header through unchanged.',
    );
  }
  const [key, value] = timestamps[0]!;
  if (key !== 't' || !/^\d+$/.test(value ?? '')) {
    throw new BillingError(
      'INVALID_SIGNATURE',
      'The Stripe-Signature timestamp is not a plain t=<unix seconds>.',
    );
  }
  return Number(value);
}

/**
 * Builds the webhook verifier: reads the header's single timestamp, checks it in both
 * directions (the SDK lets future ones through), then `constructEventAsync` against every secret
 * until one matches — with the SDK's own tolerance on too (`receivedAt` in milliseconds, as it
 * expects), so the timestamp checked here is the one the signature covers.
 */
export function createVerifier(options: VerifierOptions) {
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Date.now;
  const provider = cryptoProviderFor(options.stripe);

  return async function verify(raw: string, header: string | null): Promise<Stripe.Event> {
    if (!header) {
      throw new BillingError(
        'INVALID_SIGNATURE',
        'Missing Stripe-Signature header — only Stripe should call this endpoint; pass the raw request through unchanged.',
      );
    }
    const timestamp = timestampOf(header);
    const receivedAt = now();
    const nowSeconds = Math.floor(receivedAt / 1000);
    if (Math.abs(nowSeconds - timestamp) > tolerance) {
      throw new BillingError(
        'SIGNATURE_EXPIRED',
        `The signature timestamp is ${nowSeconds - timestamp > 0 ? 'older' : 'newer'} than ${tolerance} s from now — check this server's clock, or replay the event from Stripe.`,
      );
    }
    for (const secret of options.secrets) {
      let event: Stripe.Event;
      try {
        event = await options.stripe.webhooks.constructEventAsync(
          raw,
          header,
          secret,
          tolerance,
          provider,
          receivedAt,
        );
      } catch (error) {
        if (error instanceof SyntaxError) {
          throw new BillingError(
            'INVALID_JSON',
            'The webhook body is signed but is not valid JSON.',
          );
        }
        if ((error as { type?: string }).type === 'StripeSignatureVerificationError') continue;
        // The signature matched and the SDK refused the body it parsed (a thin v2 event
        // notification): decide on the body ourselves, so it gets a 400, not a 500.
        return asSnapshotEvent(JSON.parse(raw));
      }
      return asSnapshotEvent(event);
    }
    throw new BillingError(
      'INVALID_SIGNATURE',
      'No configured webhook secret matches this signature — copy the signing secret (whsec_…) of this endpoint from your Stripe dashboard or the emulator start-up line, and pass the raw, unparsed body.',
    );
  };
}

/**
 * Node's synchronous HMAC where the SDK's Node build offers it (about 4× cheaper per event than
 * WebCrypto's job dispatch); elsewhere (Workers, Deno, Bun's worker build) WebCrypto with the
 * key imported once per secret.
 */
function cryptoProviderFor(stripe: Stripe): Stripe.CryptoProvider {
  const sdk = stripe.constructor as { createNodeCryptoProvider?: () => Stripe.CryptoProvider };
  try {
    const node = sdk.createNodeCryptoProvider?.();
    if (node) return node;
  } catch {
    // Not the Node build of the SDK: WebCrypto below.
  }
  return new CachedSubtleCryptoProvider();
}

/** The verify function made by {@link createVerifier}. */
export type Verifier = ReturnType<typeof createVerifier>;

/**
 * A signed body is only processed when it is a snapshot event (`id`, `type`, `data.object`):
 * anything else — a thin event, a test tool's payload — gets a 400 that says so, not a 500 that
 * Stripe would retry for days.
 */
function asSnapshotEvent(event: unknown): Stripe.Event {
  const e = event as {
    id?: unknown;
    type?: unknown;
    object?: unknown;
    data?: { object?: unknown } | null;
  } | null;
  if (e?.object === 'v2.core.event') {
    throw new BillingError(
      'INVALID_REQUEST',
      'The webhook body is a thin (v2) event notification — Tollgate needs snapshot events: point this endpoint at a snapshot-event destination in your Stripe dashboard.',
    );
  }
  if (
    e === null ||
    typeof e !== 'object' ||
    typeof e.id !== 'string' ||
    typeof e.type !== 'string' ||
    typeof e.data?.object !== 'object' ||
    e.data.object === null
  ) {
    throw new BillingError(
      'INVALID_REQUEST',
      'The webhook body is signed but is not a Stripe snapshot event (id, type, data.object) — point this endpoint at snapshot events, not thin events.',
    );
  }
  return event as Stripe.Event;
}
