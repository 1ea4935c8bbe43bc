import { getBalanceTransaction, recordBalanceTransaction } from '../engine/customer-balance.js';
import { getCustomer } from '../engine/customers.js';
import { mergeMetadata } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { int, metadata, PAGINATION, range, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

const EDITABLE = { description: str(), metadata };

/** /v1/customers/:id/balance_transactions — the ledger behind a customer's `balance`. */
export const customerBalanceTransactionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/customers/:id/balance_transactions',
    parameters: {
      amount: int({ required: true, note: 'negative credits the customer' }),
      currency: str({ required: true, note: "the customer's currency, if it has one" }),
      ...EDITABLE,
    },
    handler: ({ engine, ids, params }) =>
      recordBalanceTransaction(engine, getCustomer(engine, ids[0]!, 'id'), {
        amount: params.int('amount')!,
        currency: params.str('currency')!,
        type: 'adjustment',
        description: params.str('description'),
        metadata: params.meta() || undefined,
      }),
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/balance_transactions',
    parameters: { ...PAGINATION, created: range, invoice: str() },
    handler: ({ engine, ids, params }) => {
      getCustomer(engine, ids[0]!, 'id');
      const invoice = params.str('invoice');
      const items = createdFilter(
        valuesOf(engine.state.customerBalanceTransactions),
        params,
      ).filter((t) => t.customer === ids[0] && (!invoice || t.invoice === invoice));
      return paginate(items, params, `/v1/customers/${ids[0]}/balance_transactions`);
    },
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/balance_transactions/:id',
    parameters: {},
    handler: ({ engine, ids }) => getBalanceTransaction(engine, ids[0]!, ids[1]!),
  },
  {
    method: 'POST',
    path: '/v1/customers/:id/balance_transactions/:id',
    parameters: EDITABLE,
    handler: ({ engine, ids, params }) => {
      const transaction = getBalanceTransaction(engine, ids[0]!, ids[1]!);
      if (params.has('description')) transaction.description = params.str('description') ?? null;
      transaction.metadata = mergeMetadata(transaction.metadata ?? {}, params.meta());
      return transaction;
    },
  },
];
