/** HTML building blocks for the hosted pages: escaping, one layout, small shared parts. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A string already safe to place in HTML. */
export interface Html {
  readonly html: string;
}

/** Escapes text for element content and quoted attribute values. */
function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Tagged template that escapes every interpolation unless it is {@link Html} (or an array of it).
 * @example html`<p>${userText}</p>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return { html: out };
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && 'html' in value) return (value as Html).html;
  return escapeHtml(value);
}

const STYLE = `
:root{color-scheme:light;--ink:#1a1f36;--muted:#5b6275;--line:#d6d9e0;--accent:#4b3fce;--bad:#b3261e;--good:#1f7a3d}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:#f6f8fa}
header{background:var(--ink);color:#fff;padding:.6rem 1rem;font-size:.9rem}
header strong{letter-spacing:.02em}
main{max-width:36rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border:1px solid var(--line);border-radius:8px}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;margin:.25rem 0}
.choice{display:flex;gap:.5rem;align-items:baseline}
.field{margin:0 0 1rem}.field label{font-weight:600}
input[type=text],input[type=email],select{width:100%;padding:.5rem;border:1px solid var(--line);border-radius:4px;font:inherit}
button,.button{display:inline-block;padding:.6rem 1.2rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--bad);border-color:var(--bad)}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.alert{border:1px solid var(--bad);color:var(--bad);background:#fdf1f0;padding:.75rem;border-radius:6px;margin:0 0 1rem}
.notice{border:1px solid var(--good);color:var(--good);background:#eff8f1;padding:.75rem;border-radius:6px;margin:0 0 1rem}
.muted{color:var(--muted);font-size:.9rem}
table{width:100%;border-collapse:collapse;margin:0 0 1rem}th,td{text-align:left;padding:.35rem 1rem .35rem 0;border-bottom:1px solid var(--line)}th:last-child,td:last-child{padding-right:0}
td.amount,th.amount{text-align:right}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center;margin-top:1rem}
form.inline{display:inline}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** The page shell: one `<header>` banner, one `<main>` with the content, inline styles only. */
export function layout(title: string, body: Html): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><strong>Tollgate Stripe emulator</strong> · test mode</header>
<main id="main">
${body.html}
</main>
</body>
</html>`;
}

/** An error message announced to assistive technology. */
export function alert(message: string | null | undefined): Html {
  return message ? html`<div class="alert" role="alert">${message}</div>` : html``;
}

/** A success message announced politely. */
export function notice(message: string | null | undefined): Html {
  return message ? html`<div class="notice" role="status">${message}</div>` : html``;
}

/** Formats minor units as money, e.g. `1000, 'usd'` → `$10.00`. */
export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(
      amount / (ZERO_DECIMAL.has(currency.toLowerCase()) ? 1 : 100),
    );
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'pyg', 'isk', 'ugx', 'xaf', 'xof']);

/** ` per month`, ` every 3 months`, or `''` for a one-off (`interval` null). */
export function perInterval(interval: string | null, count: number): string {
  if (!interval) return '';
  return count > 1 ? ` every ${count} ${interval}s` : ` per ${interval}`;
}

/** Formats unix seconds as a UTC date, e.g. `Mar 3, 2027`. */
export function date(seconds: number | null | undefined): string {
  if (!seconds) return '';
  return new Date(seconds * 1000).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
