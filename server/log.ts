/**
 * The one logger: pino (Fastify's own), created by main.ts (and the CLIs) and passed down, so what the server says
 * at start, what the image build prints and every request log go the same way. JSON lines for a log collector;
 * on a terminal (or `npm run images`) the same records as readable lines (`log-lines.ts`). Secrets never reach
 * it: cookies, authorization headers, tokens, passwords and secrets are redacted wherever they sit in a record.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';
import { formatLine } from './log-lines.ts';

export type { Logger } from 'pino';

/** `json`: one JSON object per line; `lines`: `12:00:01 INFO  message key=value`, for a person at a terminal. */
export type LogFormat = 'json' | 'lines';

/** Where a record goes: process.stdout, or a test's collector. */
export interface LogSink {
  write(text: string): unknown;
}

/**
 * Record paths that are censored. Fastify logs no headers by itself, but an `{ req }` or `{ headers }` logged by
 * hand would carry the learner's cookie; and nobody should have to remember that a config or a login body holds a
 * token.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  'cookie',
  'authorization',
  'password',
  'token',
  'secret',
  '*.password',
  '*.token',
  '*.secret',
  '*.previousSecrets',
  '*.instructorTokens',
  '*.metricsToken',
  '*.*.password',
];

export interface LogOptions {
  level: LevelWithSilent;
  format: LogFormat;
  /** Default: process.stdout. */
  sink?: LogSink;
}

export function createLogger(options: LogOptions): Logger {
  const sink = options.sink ?? process.stdout;
  const destination = options.format === 'json' ? sink : { write: (json: string) => sink.write(formatLine(JSON.parse(json) as Record<string, unknown>)) };
  return pino({ level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

/** `auto` (the default): readable lines when a person watches the terminal, JSON when a service manager collects it. */
export function logFormatFor(setting: 'auto' | LogFormat, isTTY: boolean | undefined): LogFormat {
  return setting === 'auto' ? (isTTY ? 'lines' : 'json') : setting;
}

/**
 * The plain `(line, fields)` callback the image build and host set-up take (they know nothing of loggers), as
 * info records of `log`.
 */
export function progressTo(log: Logger): (line: string, fields?: Record<string, unknown>) => void {
  return (line, fields) => log.info(fields ?? {}, line);
}
