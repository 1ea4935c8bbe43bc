import type { Discount } from '@tollgate/core';
import type { useUi } from './use-ui';

/** "20% off for 3 months", "$5 off forever", in the provider's locale. */
export function discountTerms(ui: ReturnType<typeof useUi>, discount: Discount): string {
  const off =
    discount.percentOff !== null
      ? `${discount.percentOff}%`
      : ui.money(discount.amountOff ?? 0, discount.currency ?? 'usd');
  return ui.labels.discountTerms(off, discount.duration, discount.durationInMonths);
}
