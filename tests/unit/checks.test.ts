import { describe, expect, it } from 'vitest';
import { cleanOutput, interpretCheck, MAX_MESSAGE_CHARS } from '../../server/checks/check-result.ts';
import { scriptPath, ScriptMissingError } from '../../server/checks/lesson-scripts.ts';
import { RateLimiter } from '../../server/domain/rate-limit.ts';
import { ManualClock } from '../../server/domain/clock.ts';

const run = (exitCode: number, output = '', timedOut = false) => ({ exitCode, output, timedOut });

describe('interpretCheck', () => {
  it('passes on exit 0 and shows the output', () => {
    expect(interpretCheck(run(0, 'hello.txt says hello\n'), 10)).toEqual({ status: 'passed', passed: true, message: 'hello.txt says hello' });
  });
  it('fails on any other ordinary exit, with the output as the hint', () => {
    expect(interpretCheck(run(1, 'There is no ~/hello.txt yet.'), 10)).toEqual({ status: 'failed', passed: false, message: 'There is no ~/hello.txt yet.' });
    expect(interpretCheck(run(3), 10).message).toBe('Not yet: the check did not pass.');
  });
  it('says a timeout is a timeout', () => {
    const v = interpretCheck(run(124, 'started', true), 10);
    expect(v.status).toBe('timeout');
    expect(v.message).toMatch(/within 10 s/);
  });
  it('calls not-found, not-executable, signals and syntax errors broken, not the learner wrong', () => {
    for (const r of [run(127, 'x: command not found'), run(126), run(139), run(2, 'f: line 1: syntax error near unexpected token')]) {
      const v = interpretCheck(r, 10);
      expect(v.status, String(r.exitCode)).toBe('broken');
      expect(v.message).toMatch(/not your fault/);
    }
  });
  it('strips terminal colours and caps long output', () => {
    expect(cleanOutput('\x1b[31mred\x1b[0m\r\n')).toBe('red');
    expect(cleanOutput('x'.repeat(MAX_MESSAGE_CHARS + 50)).length).toBe(MAX_MESSAGE_CHARS + 1);
  });
});

describe('RateLimiter', () => {
  it('tells how long until a token without taking one', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ burst: 1, perMinute: 6 }, clock);
    expect(limiter.wait('a')).toBe(0);
    expect(limiter.wait('a')).toBe(0);
    limiter.take('a');
    expect(limiter.wait('a')).toBe(10_000);
    clock.advance(4_000);
    expect(limiter.wait('a')).toBe(6_000);
    expect(limiter.take('a')).toBe(6_000);
  });

  it('allows a burst, then one per interval, per key', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ burst: 2, perMinute: 6 }, clock);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBe(10_000);
    expect(limiter.take('b')).toBe(0);
    clock.advance(9_999);
    expect(limiter.take('a')).toBeGreaterThan(0);
    clock.advance(2);
    expect(limiter.take('a')).toBe(0);
  });
  it('refills to the burst at most, and forgets full buckets', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ burst: 2, perMinute: 60 }, clock);
    limiter.take('a');
    clock.advance(3_600_000);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a') > 0]).toEqual([0, 0, true]);
    clock.advance(3_600_000);
    limiter.sweep();
    expect(limiter.take('a')).toBe(0);
  });
});

describe('scriptPath', () => {
  const lesson = { id: 'a/b', title: 'B', profile: 'shell' as const, dir: 'content/01-a/01-b', exercises: [] };
  it('resolves inside the lesson folder and refuses to leave it', () => {
    expect(scriptPath('/repo', lesson, 'checks/x.sh')).toBe('/repo/content/01-a/01-b/checks/x.sh');
    expect(() => scriptPath('/repo', lesson, '../../../etc/passwd')).toThrow(ScriptMissingError);
    expect(() => scriptPath('/repo', lesson, '/etc/passwd')).toThrow(ScriptMissingError);
  });
});
