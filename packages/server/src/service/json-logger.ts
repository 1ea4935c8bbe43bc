import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields, Logger } from '../logger';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** A log level of the service. */
export type LogLevel = (typeof LEVELS)[number];

const requests = new AsyncLocalStorage<string>();

/** Runs `work` with `requestId` attached to every line logged while it runs. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requests.run(requestId, work);
}

/**
 * A logger writing one JSON object per line — `{time, level, msg, requestId?, ...fields}` — the
 * shape log pipelines (Loki, CloudWatch, Datadog) index without parsing rules. Lines logged
 * while a request runs carry its id.
 */
export function jsonLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const min = LEVELS.indexOf(level);
  const at =
    (name: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      if (LEVELS.indexOf(name) < min) return;
      const requestId = requests.getStore();
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: name,
          msg,
          ...(requestId ? { requestId } : {}),
          ...fields,
        }),
      );
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
