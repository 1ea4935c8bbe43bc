import type { Discount } from '@tollgate/core';
import type { useUi } from './use-ui';

type Ui = ReturnType<typeof useUi>;

/** "20% off for 3 months", "$5 off forever", in the provider's locale. */
export function discountTerms(ui: Ui, discount: Discount): string {
  const off =
    discount.percentOff !== null
      ? `${discount.percentOff}%`
      : ui.money(discount.amountOff ?? 0, discount.currency ?? 'usd');
  return ui.labels.discountTerms(off, discount.duration, discount.durationInMonths);
}

/** A discount in effect: its terms with its code (or name), and when it ends when known. */
export function discountText(ui: Ui, discount: Discount): string {
  const terms = discountTerms(ui, discount);
  const named = discount.code
    ? ui.labels.withCode(terms, discount.code)
    : `${discount.name}: ${terms}`;
  return discount.endsAt
    ? `${named} (${ui.labels.discountUntil(ui.date(discount.endsAt))})`
    : named;
}
