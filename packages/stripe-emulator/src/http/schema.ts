/**
 * Declarative parameter tables: each routed endpoint lists the parameters it honours, and the
 * HTTP layer checks a request against that table before the handler runs. Anything outside the
 * table is refused with Stripe's 400 `parameter_unknown`, so a test never passes against an
 * emulator that silently ignored what it was asked.
 */
import { invalidRequest, missingParam, type StripeApiError } from '../errors.js';
import type { FormValue, Params } from './form.js';

interface Common {
  required?: boolean;
  /** One line for the README's parameter table. */
  note?: string;
}

/** One parameter's shape. */
export type Param =
  | (Common & { type: 'string'; enum?: readonly string[] })
  /** An integer, or one of `words` (e.g. a tier's `up_to: 'inf'`). */
  | (Common & { type: 'integer'; min?: number; max?: number; words?: readonly string[] })
  /** A decimal number (e.g. `percent_off: 12.5`). */
  | (Common & { type: 'number'; min?: number; max?: number })
  | (Common & { type: 'boolean' })
  /** Unix seconds, or one of `words` (e.g. `now`). */
  | (Common & { type: 'timestamp'; words?: readonly string[] })
  | (Common & { type: 'metadata' })
  | (Common & { type: 'hash'; params: ParamTable; exclusive?: readonly (readonly string[])[] })
  | (Common & { type: 'array'; of: Param })
  /** `created=…` or `created[gte]=…` on lists. */
  | (Common & { type: 'range' });

/** The parameters of one endpoint (or of one hash parameter). */
export type ParamTable = Readonly<Record<string, Param>>;

/** An endpoint's table plus groups of which at most one member may be given. */
export interface EndpointParams {
  params: ParamTable;
  exclusive?: readonly (readonly string[])[];
}

/** @example str({ required: true }) */
export const str = (o: Omit<Extract<Param, { type: 'string' }>, 'type'> = {}): Param => ({
  type: 'string',
  ...o,
});
/** A string that must be one of `values`. */
export const oneOf = (values: readonly string[], o: Common = {}): Param => ({
  type: 'string',
  enum: values,
  ...o,
});
/** An integer (`min`/`max` inclusive). */
export const int = (o: Omit<Extract<Param, { type: 'integer' }>, 'type'> = {}): Param => ({
  type: 'integer',
  ...o,
});
/** A decimal number (`min`/`max` inclusive). */
export const num = (o: Omit<Extract<Param, { type: 'number' }>, 'type'> = {}): Param => ({
  type: 'number',
  ...o,
});
/** `true` / `false`. */
export const bool = (o: Common = {}): Param => ({ type: 'boolean', ...o });
/** Unix seconds or one of `words`. */
export const time = (words: readonly string[] = [], o: Common = {}): Param => ({
  type: 'timestamp',
  words,
  ...o,
});
/** A metadata hash (`''` clears it). */
export const metadata: Param = { type: 'metadata' };
/** A nested hash with its own table. */
export const hash = (
  params: ParamTable,
  o: Common & { exclusive?: readonly (readonly string[])[] } = {},
): Param => ({ type: 'hash', params, ...o });
/** An array of `of`. */
export const array = (of: Param, o: Common = {}): Param => ({ type: 'array', of, ...o });
/** `created` filter. */
export const range: Param = { type: 'range' };

/** `limit`, `starting_after`, `ending_before`. */
export const PAGINATION: ParamTable = {
  limit: int({ min: 1, max: 100 }),
  starting_after: str(),
  ending_before: str(),
};

/** Every endpoint accepts `expand`. */
export const EXPAND: ParamTable = { expand: array(str()) };

const sub = (prefix: string, key: string) => (prefix ? `${prefix}[${key}]` : key);

/** "a, b, or c" as Stripe lists enum values. */
function listWords(values: readonly string[]): string {
  if (values.length < 2) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}`;
}

/** 400 `parameter_unknown` for a parameter outside the table. */
export function unknownParam(name: string): StripeApiError {
  return invalidRequest(
    `Received unknown parameter: ${name}. The Tollgate emulator does not support this parameter yet (or Stripe does not know it either); its README lists what each endpoint supports.`,
    name,
    'parameter_unknown',
  );
}

function isHash(v: FormValue): v is { [key: string]: FormValue } {
  return typeof v === 'object' && !Array.isArray(v);
}

/** First pass: every key anywhere in the request must be in a table. */
function findUnknown(table: ParamTable, params: Params, prefix: string): void {
  for (const [key, value] of Object.entries(params)) {
    const name = sub(prefix, key);
    const param = table[key];
    if (!param) throw unknownParam(name);
    walkUnknown(param, value, name);
  }
}

function walkUnknown(param: Param, value: FormValue, name: string): void {
  if (param.type === 'hash' && isHash(value)) findUnknown(param.params, value, name);
  if (param.type === 'array' && Array.isArray(value))
    for (const [i, v] of value.entries()) walkUnknown(param.of, v, `${name}[${i}]`);
}

function scalar(value: FormValue, name: string, kind: string): string {
  if (typeof value !== 'string')
    throw invalidRequest(`Invalid ${kind}: ${name} must be a ${kind}.`, name);
  return value;
}

function checkInteger(raw: string, name: string, param: { min?: number; max?: number }): void {
  if (!/^-?\d+$/.test(raw))
    throw invalidRequest(`Invalid integer: ${raw}`, name, 'parameter_invalid_integer');
  const n = Number(raw);
  if ((param.min !== undefined && n < param.min) || (param.max !== undefined && n > param.max)) {
    const bounds = [
      param.min !== undefined ? `greater than or equal to ${param.min}` : '',
      param.max !== undefined ? `less than or equal to ${param.max}` : '',
    ].filter(Boolean);
    throw invalidRequest(`This value must be ${bounds.join(' and ')}.`, name);
  }
}

const METADATA_LIMITS = { keys: 50, key: 40, value: 500 };

function checkMetadata(value: FormValue, name: string): void {
  if (value === '') return;
  if (!isHash(value)) throw invalidRequest(`Invalid object: ${name} must be a hash.`, name);
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.keys)
    throw invalidRequest(`Invalid ${name}: metadata can have at most 50 keys.`, name);
  for (const [k, v] of entries) {
    if (k.length > METADATA_LIMITS.key)
      throw invalidRequest(
        `Invalid ${name}: keys must be at most 40 characters long.`,
        sub(name, k),
      );
    if (typeof v !== 'string' || v.length > METADATA_LIMITS.value)
      throw invalidRequest(
        `Invalid ${name}: values must be strings of at most 500 characters.`,
        sub(name, k),
      );
  }
}

function checkValue(param: Param, value: FormValue, name: string): void {
  if (value === '' && param.required) {
    throw invalidRequest(
      `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
      name,
      'parameter_invalid_empty',
    );
  }
  switch (param.type) {
    case 'string': {
      const v = scalar(value, name, 'string');
      if (v !== '' && param.enum && !param.enum.includes(v))
        throw invalidRequest(`Invalid ${name}: must be one of ${listWords(param.enum)}`, name);
      return;
    }
    case 'integer': {
      const v = scalar(value, name, 'integer');
      if (v !== '' && !param.words?.includes(v)) checkInteger(v, name, param);
      return;
    }
    case 'number': {
      const v = scalar(value, name, 'number');
      if (v === '') return;
      if (!/^-?\d+(\.\d+)?$/.test(v)) throw invalidRequest(`Invalid decimal: ${v}`, name);
      const n = Number(v);
      if ((param.min !== undefined && n < param.min) || (param.max !== undefined && n > param.max))
        throw invalidRequest(
          `Invalid ${name}: must be between ${param.min ?? '-∞'} and ${param.max ?? '∞'}.`,
          name,
        );
      return;
    }
    case 'boolean': {
      const v = scalar(value, name, 'boolean');
      if (v !== '' && v !== 'true' && v !== 'false')
        throw invalidRequest(`Invalid boolean: ${v}`, name);
      return;
    }
    case 'timestamp': {
      const v = scalar(value, name, 'timestamp');
      if (v === '' || param.words?.includes(v)) return;
      if (!/^-?\d+$/.test(v)) {
        const words = param.words?.length ? ` or one of ${listWords(param.words)}` : '';
        throw invalidRequest(
          `Invalid ${name}: must be an integer Unix timestamp${words}`,
          name,
          'parameter_invalid_integer',
        );
      }
      return;
    }
    case 'metadata':
      checkMetadata(value, name);
      return;
    case 'hash':
      if (value === '') return;
      if (!isHash(value)) throw invalidRequest(`Invalid object: ${name} must be a hash.`, name);
      checkTable({ params: param.params, exclusive: param.exclusive }, value, name);
      return;
    case 'array': {
      if (value === '') return;
      const items = Array.isArray(value) ? value : null;
      if (!items) throw invalidRequest(`Invalid array: ${name} must be an array.`, name);
      for (const [i, v] of items.entries()) checkValue(param.of, v, `${name}[${i}]`);
      return;
    }
    case 'range':
      if (typeof value === 'string') {
        checkInteger(value, name, {});
        return;
      }
      if (!isHash(value)) throw invalidRequest(`Invalid object: ${name} must be a hash.`, name);
      for (const [k, v] of Object.entries(value)) {
        if (!['gt', 'gte', 'lt', 'lte'].includes(k)) throw unknownParam(sub(name, k));
        checkInteger(scalar(v, sub(name, k), 'integer'), sub(name, k), {});
      }
  }
}

function checkTable(endpoint: EndpointParams, params: Params, prefix: string): void {
  for (const [key, param] of Object.entries(endpoint.params)) {
    const value = params[key];
    if (value === undefined) {
      if (param.required) throw missingParam(sub(prefix, key));
      continue;
    }
    checkValue(param, value, sub(prefix, key));
  }
  for (const group of endpoint.exclusive ?? []) {
    const given = group.filter((k) => params[k] !== undefined && params[k] !== '');
    if (given.length > 1) {
      throw invalidRequest(
        `You may only specify one of these parameters: ${given.map((k) => sub(prefix, k)).join(', ')}.`,
        sub(prefix, given[0]!),
        'parameters_exclusive',
      );
    }
  }
}

/** Each endpoint's table with `expand`, built on its first request. */
const withExpand = new WeakMap<EndpointParams, ParamTable>();

/**
 * Checks `params` against an endpoint's table: unknown parameters first (anywhere in the
 * request), then types, enums, required and mutually exclusive parameters.
 * @throws StripeApiError 400 shaped as Stripe's.
 */
export function validateParams(endpoint: EndpointParams, params: Params): void {
  let table = withExpand.get(endpoint);
  if (!table) {
    table = { ...EXPAND, ...endpoint.params };
    withExpand.set(endpoint, table);
  }
  findUnknown(table, params, '');
  checkTable({ params: table, exclusive: endpoint.exclusive }, params, '');
}
