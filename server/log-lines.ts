/**
 * A pino record as one line a person reads: `12:00:01 WARN  sandbox removed sandbox=3f… reason=idle`. The fields
 * stay (they are what one searches for); pino's own (pid, hostname) go. An error's stack follows on indented lines
 * when the record is an error. Pure.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OWN = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

function shown(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

export function formatLine(record: Record<string, unknown>): string {
  const level = typeof record['level'] === 'number' ? record['level'] : 30;
  const time = typeof record['time'] === 'number' ? new Date(record['time']).toTimeString().slice(0, 8) : '--:--:--';
  const parts = [`${time} ${(LEVELS[level] ?? String(level)).padEnd(5)}`];
  if (typeof record['msg'] === 'string' && record['msg'] !== '') parts.push(record['msg']);
  let stack: string | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (OWN.has(key) || value === undefined) continue;
    const error = key === 'err' && typeof value === 'object' && value !== null ? (value as { message?: unknown; stack?: unknown }) : undefined;
    if (error) {
      parts.push(`err=${shown(error.message ?? '')}`);
      if (level >= 50 && typeof error.stack === 'string') stack = error.stack;
    } else {
      parts.push(`${key}=${shown(value)}`);
    }
  }
  const line = parts.join(' ');
  return `${stack ? `${line}\n${stack.replace(/^/gm, '    ')}` : line}\n`;
}
