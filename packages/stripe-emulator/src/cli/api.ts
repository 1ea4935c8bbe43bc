/** A minimal client of a running emulator for the CLI's commands (no SDK needed). */

/** Where a running emulator is and the key to call it with. */
export interface Target {
  url: string;
  key: string;
}

/** A Stripe API error answered to the CLI. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

type Value = string | number | boolean | Value[] | { [key: string]: Value };

/** Form-encodes parameters with Stripe's indexed brackets (`items[0][price]=…`). */
export function encodeForm(params: Record<string, Value>, prefix = ''): string[] {
  return Object.entries(params).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(value))
      return value.flatMap((v, i) =>
        typeof v === 'object'
          ? encodeForm(v as Record<string, Value>, `${name}[${i}]`)
          : [`${name}[${i}]=${encodeURIComponent(String(v))}`],
      );
    if (typeof value === 'object') return encodeForm(value, name);
    return [`${name}=${encodeURIComponent(String(value))}`];
  });
}

/** Calls the emulator's API; rejects with {@link ApiError} for a Stripe error. */
export async function call<T = Record<string, unknown>>(
  target: Target,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: Record<string, Value> = {},
): Promise<T> {
  const query = encodeForm(params).join('&');
  const url = `${target.url}${path}${method !== 'POST' && query ? `?${query}` : ''}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${target.key}`,
        ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { body: query } : {}),
    });
  } catch {
    throw new ApiError(
      0,
      `No emulator answers at ${target.url} — start one with \`tollgate-emulator\` (or pass --url / --port).`,
    );
  }
  const body = (await res.json()) as { error?: { message?: string } } & T;
  if (!res.ok) throw new ApiError(res.status, body.error?.message ?? `HTTP ${res.status}`);
  return body;
}
