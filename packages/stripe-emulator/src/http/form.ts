/** A parsed form / query value: strings nested in objects and arrays. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
/** Parsed parameters of a request. */
export type Params = { [key: string]: FormValue };

/** `s` with `+` as a space and `%XX` escapes decoded (as it was when undecodable). */
const decode = (s: string): string => {
  // Most keys and values hold neither: ids, words, numbers.
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** `a[b][0][]` → `['a', 'b', '0', '']`; text outside brackets after the first is ignored. */
function segmentsOf(key: string): string[] {
  let open = key.indexOf('[');
  if (open === -1) return [key];
  const segments = [key.slice(0, open)];
  while (open !== -1) {
    const close = key.indexOf(']', open + 1);
    if (close === -1) break;
    segments.push(key.slice(open + 1, close));
    open = key.indexOf('[', close + 1);
  }
  return segments;
}

type Node = { [key: string]: Node | string | Node[] | string[] } | Array<Node | string>;

/** Turns objects whose keys are all array indexes into arrays (except under `metadata`). */
function arrays(value: unknown, key: string): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => arrays(v, ''));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (key !== 'metadata' && keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrays(obj[String(k)], ''));
  }
  const out: Record<string, FormValue> = {};
  for (const k of keys) out[k] = arrays(obj[k], k);
  return out;
}

/**
 * Parses `application/x-www-form-urlencoded` (or a query string) with Stripe's bracket
 * notation: `items[0][price]=p&metadata[k]=v&expand[]=x`. Brackets may be percent-encoded.
 */
export function parseForm(text: string): Params {
  const root: Record<string, unknown> = {};
  if (!text) return {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const segments = segmentsOf(key);
    let node = root as Node;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const container = node as Record<string, unknown> & unknown[];
      if (segment === '' && Array.isArray(container)) {
        if (last) container.push(value);
        else {
          const child = {};
          container.push(child);
          node = child as Node;
        }
        return;
      }
      if (last) {
        container[segment as unknown as number] = value;
        return;
      }
      const nextIsPush = segments[i + 1] === '';
      let child = container[segment as unknown as number] as Node | undefined;
      if (child === undefined || typeof child === 'string') {
        child = nextIsPush ? [] : {};
        container[segment as unknown as number] = child;
      }
      node = child;
    });
  }
  return arrays(root, '') as Params;
}
