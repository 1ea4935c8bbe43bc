import {
  createInvoiceItem,
  deleteInvoiceItem,
  getInvoiceItem,
  type InvoiceItemInput,
  updateInvoiceItem,
} from '../engine/invoice-items.js';
import { idOf } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import {
  bool,
  hash,
  int,
  metadata,
  PAGINATION,
  type ParamTable,
  range,
  str,
} from '../http/schema.js';
import { valuesOf } from '../state.js';

/** What create and update share. */
const ITEM: ParamTable = {
  pricing: hash({ price: str() }),
  amount: int(),
  quantity: int({ min: 0 }),
  description: str(),
  discountable: bool(),
  period: hash({ start: int({ required: true }), end: int({ required: true }) }),
  metadata,
};
const EXCLUSIVE = [['amount', 'pricing']] as const;

function input(p: Reader): InvoiceItemInput {
  const period = p.obj('period');
  return {
    customer: p.str('customer'),
    price: p.obj('pricing')?.str('price'),
    amount: p.int('amount'),
    currency: p.str('currency'),
    quantity: p.int('quantity'),
    description: p.str('description'),
    subscription: p.str('subscription'),
    discountable: p.bool('discountable'),
    period: period ? { start: period.int('start')!, end: period.int('end')! } : undefined,
    metadata: p.meta(),
  };
}

/** /v1/invoiceitems — pending items the customer's next invoice picks up. */
export const invoiceItemRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/invoiceitems',
    parameters: {
      ...ITEM,
      customer: str({ required: true }),
      currency: str(),
      subscription: str(),
    },
    exclusive: EXCLUSIVE,
    handler: ({ engine, params }) => createInvoiceItem(engine, input(params)),
  },
  {
    method: 'GET',
    path: '/v1/invoiceitems/:id',
    parameters: {},
    handler: ({ engine, ids }) => getInvoiceItem(engine, ids[0]!),
  },
  {
    method: 'POST',
    path: '/v1/invoiceitems/:id',
    parameters: ITEM,
    exclusive: EXCLUSIVE,
    handler: ({ engine, ids, params }) => updateInvoiceItem(engine, ids[0]!, input(params)),
  },
  {
    method: 'DELETE',
    path: '/v1/invoiceitems/:id',
    parameters: {},
    handler: ({ engine, ids }) => deleteInvoiceItem(engine, ids[0]!),
  },
  {
    method: 'GET',
    path: '/v1/invoiceitems',
    parameters: {
      ...PAGINATION,
      created: range,
      customer: str(),
      invoice: str(),
      pending: bool(),
    },
    handler: ({ engine, params }) => {
      const customer = params.str('customer');
      const invoice = params.str('invoice');
      const pending = params.bool('pending');
      const all = valuesOf(engine.state.invoiceItems);
      // `created` filters on the item's `date`.
      const dated = new Set(
        createdFilter(
          all.map((ii) => ({ id: ii.id, created: ii.date })),
          params,
        ).map((d) => d.id),
      );
      const items = all.filter(
        (ii) =>
          dated.has(ii.id) &&
          (!customer || idOf(ii.customer) === customer) &&
          (!invoice || idOf(ii.invoice) === invoice) &&
          (pending === undefined || (ii.invoice === null) === pending),
      );
      return paginate(items, params, '/v1/invoiceitems');
    },
  },
];
