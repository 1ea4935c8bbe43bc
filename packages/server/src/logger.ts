/** Structured log fields. Values are redacted before they reach the sink. */
export type LogFields = Record<string, unknown>;

/** The logger Tollgate writes to. Any object with these four methods works (console, pino…). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SECRET_PATTERN =
  /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9_]+|\bwhsec_[A-Za-z0-9+/=]+|\b(?:pi|seti|cs)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+|\bv1=[0-9a-f]{16,}/g;
const SECRET_KEYS = /secret|signature|authorization|password|api[-_]?key|cookie|token/i;
const REDACTED = '[redacted]';

/** Replaces Stripe keys, webhook secrets, client secrets and signatures inside a string. */
export function redactString(value: string): string {
  return value.replace(SECRET_PATTERN, REDACTED);
}

/** Deep-copies `value` with secrets removed: by key name (`*secret*`, `signature`…) and by shape. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) && item != null ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

/** Wraps a logger so every message and field passes through {@link redact}. */
export function redactingLogger(sink: Logger): Logger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, fields?: LogFields): void => {
      const clean = fields === undefined ? undefined : (redact(fields) as LogFields);
      if (clean === undefined) sink[level](redactString(message));
      else sink[level](redactString(message), clean);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A console logger that drops messages below `level` (default `warn`). */
export function consoleLogger(level: (typeof LEVELS)[number] = 'warn'): Logger {
  const min = LEVELS.indexOf(level);
  const at =
    (name: (typeof LEVELS)[number]) =>
    (message: string, fields?: LogFields): void => {
      if (LEVELS.indexOf(name) < min) return;
      if (fields === undefined) console[name](`[tollgate] ${message}`);
      else console[name](`[tollgate] ${message}`, fields);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that discards everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
