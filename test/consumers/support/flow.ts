import { expect } from 'vitest';
import { payHostedCheckout, waitFor } from '../../../apps/examples/shared/test-stack';
import type { AppStack } from './stack';

/**
 * What every example must do for a user, over HTTP: list the live plans, refuse an anonymous
 * caller, check out on the emulator's hosted page, take the signed webhook and report the
 * subscription in /status.
 */
export async function subscribeOverHttp(
  stack: AppStack,
  user: string,
  plan = 'pro',
): Promise<void> {
  const api = `${stack.appUrl}/api/billing`;
  const headers = { 'x-user-id': user, origin: stack.appUrl, 'content-type': 'application/json' };
  const plans = (await (await fetch(`${api}/plans`)).json()) as {
    plans: { key: string; prices: { amount: number }[] }[];
  };
  expect(plans.plans.find((p) => p.key === plan)?.prices[0]?.amount).toBe(2000);
  expect((await fetch(`${api}/status`)).status).toBe(401);

  const checkout = await fetch(`${api}/checkout`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ plan, interval: 'month' }),
  });
  const body = (await checkout.json()) as { url?: string };
  expect(checkout.status, JSON.stringify(body)).toBe(200);
  const back = await payHostedCheckout(body.url ?? '');
  expect(back.startsWith(stack.appUrl)).toBe(true);

  await waitFor(
    async () => {
      const status = (await (await fetch(`${api}/status`, { headers })).json()) as {
        plan: string;
        status: string;
      };
      return status.plan === plan && status.status === 'active' ? status : undefined;
    },
    `${user} on ${plan} through the webhook`,
    30_000,
  );

  const forged = await fetch(`${api}/webhook`, {
    method: 'POST',
    headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(forged.status).toBe(400);
}
