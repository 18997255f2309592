import { describe, expect, it } from 'vitest';
import { formatLine } from '../../server/log-lines.ts';
import { createLogger, logFormatFor, progressTo, type LogFormat } from '../../server/log.ts';

function collect(format: LogFormat) {
  const out: string[] = [];
  const log = createLogger({ level: 'info', format, sink: { write: (text: string) => out.push(text) } });
  return { log, out };
}

describe('the logger', () => {
  it('writes JSON records with the fields given', () => {
    const { log, out } = collect('json');
    log.info({ learner: 'l-1', lesson: 'basics/one', sandbox: 'abc' }, 'sandbox claimed');
    const record = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 30, msg: 'sandbox claimed', learner: 'l-1', lesson: 'basics/one', sandbox: 'abc' });
  });

  it('never writes cookies, authorization, tokens, passwords or secrets, wherever they sit', () => {
    const { log, out } = collect('json');
    const secrets = ['COOKIE-VALUE', 'Bearer AUTH-VALUE', 'SET-COOKIE-VALUE', 'TOKEN-VALUE', 'PASSWORD-VALUE', 'SECRET-VALUE', 'OLD-SECRET', 'METRICS-TOKEN'];
    log.info({ req: { headers: { cookie: secrets[0], authorization: secrets[1] } } }, 'a request');
    log.info({ res: { headers: { 'set-cookie': secrets[2] } } }, 'an answer');
    log.info({ headers: { cookie: secrets[0], authorization: secrets[1], 'set-cookie': secrets[2] } }, 'headers');
    log.info({ token: secrets[3], password: secrets[4], secret: secrets[5] }, 'top level');
    log.info({ body: { token: secrets[3], password: secrets[4] }, config: { secret: secrets[5], previousSecrets: [secrets[6]], metricsToken: secrets[7] } }, 'nested');
    log.info({ config: { docker: { password: secrets[4] } } }, 'deeper');
    const written = out.join('');
    for (const secret of secrets) expect(written).not.toContain(secret);
    expect(written.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(14);
    // What is not a secret stays.
    log.info({ req: { headers: { host: 'boxlab.example' } } }, 'host');
    expect(out.at(-1)).toContain('boxlab.example');
  });

  it('writes readable lines with the fields, for a terminal', () => {
    const { log, out } = collect('lines');
    log.warn({ sandbox: 'abc', reason: 'idle timeout' }, 'sandbox removed');
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d WARN  sandbox removed sandbox=abc reason="idle timeout"\n$/);
    log.info({ token: 'TOKEN-VALUE' }, 'still redacted');
    expect(out[1]).toMatch(/ still redacted token=\[redacted\]\n$/);
    expect(out[1]).not.toContain('TOKEN-VALUE');
  });

  it('lines: an error gets its message, and its stack when the record is an error', () => {
    const err = new Error('engine gone');
    expect(formatLine({ level: 40, time: 0, msg: 'retrying', err: { message: err.message, stack: err.stack } })).not.toContain('    at ');
    const line = formatLine({ level: 50, time: 0, msg: 'failed', err: { message: err.message, stack: err.stack }, pid: 1, hostname: 'h' });
    expect(line).toMatch(/^\d\d:\d\d:\d\d ERROR failed err="engine gone"\n {4}Error: engine gone\n {8}at /);
    expect(line).not.toMatch(/pid=|hostname=/);
  });

  it('the image build progress callback logs lines with their fields', () => {
    const { log, out } = collect('json');
    progressTo(log)('Built boxlab/shell:abc in 3.1 s', { image: 'shell', seconds: 3.1 });
    expect(JSON.parse(out[0]!)).toMatchObject({ msg: 'Built boxlab/shell:abc in 3.1 s', image: 'shell', seconds: 3.1 });
  });

  it('auto: lines on a terminal, JSON otherwise; a chosen format is kept', () => {
    expect(logFormatFor('auto', true)).toBe('lines');
    expect(logFormatFor('auto', false)).toBe('json');
    expect(logFormatFor('auto', undefined)).toBe('json');
    expect(logFormatFor('json', true)).toBe('json');
    expect(logFormatFor('lines', false)).toBe('lines');
  });
});
