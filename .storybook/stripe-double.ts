/**
 * A stand-in for the stripe.js instance the provider receives, for 3-D Secure stories. It is not
 * a Stripe API double: Tollgate's server never sees it. It imitates what the customer sees in test
 * mode — Stripe's "3D Secure 2 Test Page" with Complete / Fail — and answers `handleNextAction`
 * the way stripe.js does for each choice.
 */

/** How the challenge ends: `challenge` waits for a click, the others answer at once. */
export type ScaBehaviour = 'challenge' | 'succeeded' | 'failed';

/** What `handleNextAction` resolves with (the shape of stripe.js's answer that Tollgate reads). */
type NextActionResult = {
  paymentIntent?: { status: string };
  error?: { message?: string; code?: string };
};

/** The double: a `StripeLike` plus the client secrets it was asked to confirm. */
export interface StripeDouble {
  handleNextAction(options: { clientSecret: string }): Promise<NextActionResult>;
  readonly confirmed: string[];
}

/** Stripe's own message when the customer fails 3-D Secure authentication. */
export const SCA_FAILURE_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

const succeeded: NextActionResult = { paymentIntent: { status: 'succeeded' } };
const failed: NextActionResult = {
  error: { code: 'payment_intent_authentication_failure', message: SCA_FAILURE_MESSAGE },
};

function challenge(): Promise<NextActionResult> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'tollgate-sca-title');
    dialog.dataset.testid = 'sca-challenge';
    const title = document.createElement('h2');
    title.id = 'tollgate-sca-title';
    title.textContent = '3D Secure 2 Test Page';
    const text = document.createElement('p');
    text.textContent = 'Complete or fail this test payment authentication.';
    const finish = (result: NextActionResult) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    const button = (label: string, result: NextActionResult) => {
      const element = document.createElement('button');
      element.type = 'button';
      element.textContent = label;
      element.addEventListener('click', () => finish(result));
      return element;
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(failed);
    });
    dialog.append(
      title,
      text,
      button('Complete authentication', succeeded),
      button('Fail authentication', failed),
    );
    document.body.append(dialog);
    dialog.showModal();
  });
}

/**
 * Create a stripe.js stand-in. `challenge` shows the test-mode authentication dialog and waits
 * for the customer; `succeeded` / `failed` answer immediately. `onSucceeded` runs after a
 * successful confirmation (the story's mocked server then reports the paid state).
 *
 * @example
 * parameters: { stripe: createStripeDouble('challenge') }
 */
export function createStripeDouble(
  behaviour: ScaBehaviour = 'challenge',
  onSucceeded: () => void = () => {},
): StripeDouble {
  const confirmed: string[] = [];
  return {
    confirmed,
    async handleNextAction({ clientSecret }) {
      confirmed.push(clientSecret);
      const result =
        behaviour === 'succeeded' ? succeeded : behaviour === 'failed' ? failed : await challenge();
      if (result.paymentIntent?.status === 'succeeded') onSucceeded();
      return result;
    },
  };
}
