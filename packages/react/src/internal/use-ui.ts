import { useBillingContext } from '../provider/context';
import { formatDate, formatMoney } from './format';

/** @internal Labels, locale-bound formatters and class names for a component. */
export function useUi(unstyled?: boolean) {
  const context = useBillingContext();
  const bare = unstyled ?? context.unstyled;
  return {
    context,
    labels: context.labels,
    money: (minor: number, currency: string) => formatMoney(minor, currency, context.locale),
    date: (iso: string) => formatDate(iso, context.locale),
    /** `tg-<part>` plus the caller's class, or only the caller's when unstyled. */
    cls: (part: string, extra?: string) =>
      [bare ? undefined : `tg-${part}`, extra].filter(Boolean).join(' ') || undefined,
  };
}
