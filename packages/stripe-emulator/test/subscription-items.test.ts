import { describe, expect, it } from 'vitest';
import { customerWithCard, useHarness } from './helpers.js';

const h = useHarness();

describe('subscription items', () => {
  it('lists, adds, updates and deletes items through /v1/subscription_items', async () => {
    const customer = await customerWithCard(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: h.monthly.id }],
    });
    const listed = await h.stripe.subscriptionItems.list({ subscription: sub.id });
    expect(listed.data.map((i) => i.price.id)).toEqual([h.monthly.id]);

    const added = await h.stripe.subscriptionItems.create({
      subscription: sub.id,
      price: h.premium.id,
      quantity: 2,
      proration_behavior: 'none',
    });
    expect(added).toMatchObject({ object: 'subscription_item', quantity: 2 });
    expect(added.price.id).toBe(h.premium.id);
    expect((await h.stripe.subscriptionItems.retrieve(added.id)).id).toBe(added.id);

    const updated = await h.stripe.subscriptionItems.update(added.id, {
      quantity: 3,
      proration_behavior: 'none',
    });
    expect(updated.quantity).toBe(3);

    const deleted = await h.stripe.subscriptionItems.del(added.id, { proration_behavior: 'none' });
    expect(deleted).toMatchObject({ id: added.id, deleted: true });
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((i) => i.price.id)).toEqual([h.monthly.id]);
    await expect(h.stripe.subscriptionItems.retrieve(added.id)).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
