/** What the Rehearse panel says: progress while it runs, the verdict, and the figures (src/client/workshop-rehearse-text.ts). */
import { describe, expect, it } from 'vitest';
import type { RehearsalResult, RehearsalStatus } from '../../server/contracts/workshop.ts';
import { rehearsalFigures, rehearsalProgressText, rehearsalVerdictText } from '../../src/client/workshop-rehearse-text.ts';

const status = (over: Partial<RehearsalStatus> = {}): RehearsalStatus => ({
  state: 'running', workshop: 'w1', learners: 30, acquired: 12, prompted: 10, typed: 4, failed: 0, removed: 0, startedAt: 0, result: undefined, ...over,
});
const result = (over: Partial<RehearsalResult> = {}): RehearsalResult => ({
  workshop: 'w1', lesson: 'course/one', profile: 'shell', learners: 30, seconds: 12.3,
  pool: { before: 30, used: 28 },
  ttfpMs: { p50: 210.4, p99: 812.6, n: 30 },
  acquireMs: { p50: 40, p99: 90, n: 30 },
  echoMs: { p50: 5, p99: 48.2, n: 300 },
  memoryMb: { before: 6000, lowest: 4100, after: 5900, reserve: 512 },
  serverRssMb: { before: 100, peak: 160 },
  failures: 0, errors: [], removed: 30, stopped: undefined,
  verdict: { holds: true, reasons: [], ttfpTargetMs: 1000, echoTargetMs: 100, poolSize: 28, poolFits: true, advice: 'Pre-warm 28.' },
  ...over,
});

describe('the Rehearse panel', () => {
  it('says how far a running rehearsal is, failures and removals only when there are some', () => {
    expect(rehearsalProgressText(status())).toBe('Rehearsing with 30 learners: 12 have a sandbox, 10 at their prompt, 4 done typing.');
    expect(rehearsalProgressText(status({ failed: 2, removed: 5 }))).toBe('Rehearsing with 30 learners: 12 have a sandbox, 10 at their prompt, 4 done typing, 2 failed; 5 rehearsal sandboxes removed.');
  });

  it('gives the verdict and the figures an instructor needs, rounded', () => {
    expect(rehearsalVerdictText(result())).toBe('This host holds a start of 30 learners.');
    expect(rehearsalVerdictText(result({ verdict: { ...result().verdict, holds: false } }))).toBe('This host does not hold a start of 30 learners as it is.');
    const figures = Object.fromEntries(rehearsalFigures(result()));
    expect(figures['First prompt, p99']).toBe('813 ms (p50 210 ms; target under 1000 ms)');
    expect(figures['Echo, p99']).toBe('48 ms (p50 5 ms; target under 100 ms)');
    expect(figures['Lowest free memory']).toBe('4100 MiB (6000 MiB before; sandboxes are refused under 512 MiB)');
    expect(figures['Pool size to use']).toBe('28 pre-warmed sandboxes');
  });

  it('says when nobody got a prompt, and when the pool would not fit', () => {
    const r = result({ ttfpMs: { p50: 0, p99: 0, n: 0 }, echoMs: { p50: 0, p99: 0, n: 0 }, failures: 30, errors: ['no room'], verdict: { ...result().verdict, poolFits: false } });
    const figures = Object.fromEntries(rehearsalFigures(r));
    expect(figures['First prompt, p99']).toBe('nobody got a prompt');
    expect(figures['Echo, p99']).toBe('no keys typed');
    expect(figures['Pool size to use']).toBe('28 pre-warmed sandboxes (more than this host can keep ready)');
    expect(figures['Learners without a prompt']).toBe('30 of 30 (no room)');
  });
});
