import { invalidRequest } from '../errors.js';
import type { FormValue, Params } from './form.js';

/** Reads typed parameters out of a parsed form, with Stripe's error messages. */
export interface Reader {
  raw: Params;
  has(key: string): boolean;
  str(key: string): string | undefined;
  /** `''` (unset) becomes `null`. */
  strOrNull(key: string): string | null | undefined;
  int(key: string): number | undefined;
  /** A decimal number. */
  num(key: string): number | undefined;
  bool(key: string): boolean | undefined;
  list(key: string): FormValue[] | undefined;
  strings(key: string): string[] | undefined;
  obj(key: string): Reader | undefined;
  /** Metadata: a map of strings, `''` to clear all. */
  meta(key?: string): Record<string, string> | '' | undefined;
}

/** Wraps `params`; `prefix` is used in error messages (`items[0]`). */
export function reader(params: Params, prefix = ''): Reader {
  const name = (key: string) => (prefix ? `${prefix}[${key}]` : key);
  const scalar = (key: string): string | undefined => {
    const v = params[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string')
      throw invalidRequest(`Invalid string: ${name(key)} must be a string.`, name(key));
    return v;
  };
  const self: Reader = {
    raw: params,
    has: (key) => params[key] !== undefined,
    str: (key) => {
      const v = scalar(key);
      return v === '' ? undefined : v;
    },
    strOrNull: (key) => {
      const v = scalar(key);
      return v === '' ? null : v;
    },
    int: (key) => {
      const v = scalar(key);
      if (v === undefined || v === '') return undefined;
      if (!/^-?\d+$/.test(v))
        throw invalidRequest(`Invalid integer: ${v}`, name(key), 'parameter_invalid_integer');
      return Number(v);
    },
    num: (key) => {
      const v = scalar(key);
      if (v === undefined || v === '') return undefined;
      if (!/^-?\d+(\.\d+)?$/.test(v)) throw invalidRequest(`Invalid decimal: ${v}`, name(key));
      return Number(v);
    },
    bool: (key) => {
      const v = scalar(key);
      if (v === undefined || v === '') return undefined;
      if (v !== 'true' && v !== 'false') throw invalidRequest(`Invalid boolean: ${v}`, name(key));
      return v === 'true';
    },
    list: (key) => {
      const v = params[key];
      if (v === undefined || v === '') return undefined;
      if (!Array.isArray(v))
        throw invalidRequest(`Invalid array: ${name(key)} must be an array.`, name(key));
      return v;
    },
    strings: (key) => self.list(key)?.map((v) => String(v)),
    obj: (key) => {
      const v = params[key];
      if (v === undefined || v === '') return undefined;
      if (typeof v !== 'object' || Array.isArray(v))
        throw invalidRequest(`Invalid object: ${name(key)} must be a hash.`, name(key));
      return reader(v, name(key));
    },
    meta: (key = 'metadata') => {
      const v = params[key];
      if (v === undefined) return undefined;
      if (v === '') return '';
      if (typeof v !== 'object' || Array.isArray(v))
        throw invalidRequest('Invalid object: metadata must be a hash.', name(key));
      const out: Record<string, string> = {};
      for (const [k, val] of Object.entries(v))
        out[k] = typeof val === 'string' ? val : JSON.stringify(val);
      return out;
    },
  };
  return self;
}

/** Reads each element of an array parameter as an object. */
export function objects(r: Reader, key: string): Reader[] | undefined {
  return r.list(key)?.map((v, i) => {
    if (typeof v !== 'object' || Array.isArray(v))
      throw invalidRequest(`Invalid object: ${key}[${i}] must be a hash.`, `${key}[${i}]`);
    return reader(v, `${key}[${i}]`);
  });
}

/** A timestamp parameter that may also be `now`. */
export function timeOrNow(r: Reader, key: string): number | 'now' | undefined {
  const v = r.str(key);
  if (v === undefined) return undefined;
  if (v === 'now') return 'now';
  return r.int(key);
}
