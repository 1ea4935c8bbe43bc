import type Stripe from 'stripe';

/** A product `catalog push` keeps under a fixed id. */
export interface WantedProduct {
  id: string;
  name: string;
  description?: string;
  metadata: Record<string, string>;
}

/** Creates the product, updates its name or description when they changed, or leaves it. */
export async function ensureProduct(
  stripe: Stripe,
  want: WantedProduct,
): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await stripe.products
    .retrieve(want.id)
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return null;
      throw error;
    });
  const fields = {
    name: want.name,
    ...(want.description ? { description: want.description } : {}),
  };
  if (!existing) {
    await stripe.products.create({ id: want.id, ...fields, metadata: want.metadata });
    return 'created';
  }
  if (
    existing.name !== want.name ||
    (want.description && existing.description !== want.description)
  ) {
    await stripe.products.update(want.id, fields);
    return 'updated';
  }
  return 'unchanged';
}
