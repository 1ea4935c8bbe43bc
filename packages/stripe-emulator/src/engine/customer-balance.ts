import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import type { Engine } from './context.js';
import { update } from './emit.js';
import { mergeMetadata, must } from './util.js';

/** What {@link recordBalanceTransaction} needs. */
interface BalanceTransactionInput {
  /** Negative credits the customer, positive is a debit. */
  amount: number;
  type: Stripe.CustomerBalanceTransaction.Type;
  currency?: string;
  invoice?: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
}

/**
 * Records a transaction on the customer's credit balance and moves `balance` by its amount
 * (emits `customer.updated`). A customer without a currency takes the transaction's.
 */
export function recordBalanceTransaction(
  engine: Engine,
  customer: Stripe.Customer,
  input: BalanceTransactionInput,
): Stripe.CustomerBalanceTransaction {
  const currency = (input.currency ?? customer.currency ?? 'usd').toLowerCase();
  if (customer.currency && customer.currency !== currency) {
    throw invalidRequest(
      `This customer's balance is in ${customer.currency}; give currency: '${customer.currency}'.`,
      'currency',
    );
  }
  update(engine, 'customer.updated', customer, (c) => {
    c.balance += input.amount;
    c.currency = currency;
  });
  const transaction = {
    id: newId('cbtxn'),
    object: 'customer_balance_transaction',
    amount: input.amount,
    checkout_session: null,
    created: engine.clock.now(),
    credit_note: null,
    currency,
    customer: customer.id,
    customer_account: null,
    description: input.description ?? null,
    ending_balance: customer.balance,
    invoice: input.invoice ?? null,
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    type: input.type,
  } satisfies Stripe.CustomerBalanceTransaction;
  engine.state.customerBalanceTransactions[transaction.id] = transaction;
  return transaction;
}

/** Sets the balance outright (`customers.create/update` with `balance`), recording the change. */
export function setBalance(
  engine: Engine,
  customer: Stripe.Customer,
  balance: number,
  type: 'initial' | 'adjustment',
): void {
  if (balance === customer.balance) return;
  recordBalanceTransaction(engine, customer, { amount: balance - customer.balance, type });
}

/** A customer's balance transaction, or a 404. */
export function getBalanceTransaction(
  engine: Engine,
  customerId: string,
  id: string,
): Stripe.CustomerBalanceTransaction {
  const transaction = must(
    engine.state.customerBalanceTransactions,
    id,
    'customer_balance_transaction',
  );
  if (transaction.customer !== customerId) throw must({}, id, 'customer_balance_transaction');
  return transaction;
}

/** What a customer's balance does to an invoice of `total`. */
export interface BalanceApplication {
  amount_due: number;
  /** The balance after the invoice: what credit is left, or the invoice's negative total added. */
  ending_balance: number;
}

/**
 * Stripe applies the whole balance at finalization: a credit (negative) lowers what is due,
 * never below 0, the rest stays; a debit (positive) is added; a negative total is credited.
 */
export function applyBalance(starting: number, total: number): BalanceApplication {
  const net = total + starting;
  return { amount_due: Math.max(net, 0), ending_balance: Math.min(net, 0) };
}

/** The balance an invoice in `currency` starts from (a balance in another currency stays put). */
export function startingBalance(customer: Stripe.Customer | undefined, currency: string): number {
  if (!customer?.balance) return 0;
  return !customer.currency || customer.currency === currency ? customer.balance : 0;
}

/**
 * Finalization: applies the customer's balance as it is now to `invoice` (`starting_balance`,
 * `amount_due`, `ending_balance`) and records the `applied_to_invoice` transaction.
 */
export function settleBalance(
  engine: Engine,
  invoice: Stripe.Invoice,
  customer: Stripe.Customer | undefined,
): void {
  const starting = startingBalance(customer, invoice.currency);
  const { amount_due, ending_balance } = applyBalance(starting, invoice.total);
  invoice.starting_balance = starting;
  invoice.amount_due = amount_due;
  invoice.amount_remaining = amount_due;
  invoice.ending_balance = ending_balance;
  const live = customer && !(customer as { deleted?: boolean }).deleted;
  if (live && ending_balance !== starting) {
    recordBalanceTransaction(engine, customer!, {
      amount: ending_balance - starting,
      type: 'applied_to_invoice',
      currency: invoice.currency,
      invoice: invoice.id,
    });
  }
}
