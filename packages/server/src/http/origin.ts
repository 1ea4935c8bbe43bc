import { BillingError } from '@tollgate/core';

/**
 * CSRF check for state-changing requests: the `Origin` header (or, when a browser omits it, the
 * `Referer`'s origin) must be one of `allowed`. Requests with neither are refused too.
 */
export function checkOrigin(req: Request, allowed: ReadonlySet<string>): void {
  const origin = req.headers.get('origin') ?? refererOrigin(req.headers.get('referer'));
  if (origin && allowed.has(origin)) return;
  throw new BillingError(
    'FORBIDDEN_ORIGIN',
    origin
      ? `Requests from ${origin} are not allowed — add it to allowedOrigins or call from appUrl.`
      : 'This request has no Origin header — billing POSTs must come from your app in a browser (or send Origin).',
  );
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/**
 * An absolute URL for a same-origin `path` under `appUrl`. Throws `INVALID_REDIRECT` when the
 * result would leave `appUrl`'s origin.
 */
export function appLink(appUrl: URL, path: string): string {
  if (!/^\/(?![/\\])/.test(path)) {
    throw new BillingError(
      'INVALID_REDIRECT',
      `"${path}" must be a path starting with a single "/".`,
    );
  }
  const url = new URL(path, appUrl);
  if (url.origin !== appUrl.origin) {
    throw new BillingError('INVALID_REDIRECT', `"${path}" leads outside ${appUrl.origin}.`);
  }
  return url.toString();
}
