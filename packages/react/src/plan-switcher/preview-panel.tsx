'use client';
import type { Preview } from '@tollgate/core';
import type { useUi } from '../internal/use-ui';

/** @internal The server's preview: credit, charge, total due today and next bill — or the date. */
export function PreviewPanel({ preview, ui }: { preview: Preview; ui: ReturnType<typeof useUi> }) {
  const { labels: l, money, date, cls } = ui;
  if (preview.effective === 'period_end') {
    return (
      <p className={cls('preview-note')} data-effective="period_end">
        {l.changesOn(date(preview.nextBillDate))}
      </p>
    );
  }
  const name = { credit: l.creditLine, charge: l.chargeLine, subscription: l.subscriptionLine };
  return (
    <dl className={cls('preview-lines')} data-effective="now">
      {preview.lines.map((line) => (
        <div key={`${line.kind}:${line.description}:${line.amount}`} data-line={line.kind}>
          <dt>{name[line.kind]}</dt>
          <dd>{money(line.amount, preview.currency)}</dd>
        </div>
      ))}
      <div data-line="total">
        <dt>{l.dueToday}</dt>
        <dd>{money(preview.amountDue, preview.currency)}</dd>
      </div>
      <div data-line="next">
        <dt>
          {l.nextBill(date(preview.nextBillDate), money(preview.nextBillAmount, preview.currency))}
        </dt>
        <dd />
      </div>
    </dl>
  );
}
