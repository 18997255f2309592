/**
 * What the Rehearse panel says (pure, unit-tested): progress while a rehearsal runs, and its figures once done.
 */
import type { RehearsalResult, RehearsalStatus } from '../../server/contracts/workshop.ts';

const ms = (x: number) => `${Math.round(x)} ms`;

export function rehearsalProgressText(s: RehearsalStatus): string {
  const failed = s.failed > 0 ? `, ${s.failed} failed` : '';
  const removing = s.removed > 0 ? `; ${s.removed} rehearsal sandboxes removed` : '';
  return `Rehearsing with ${s.learners} learners: ${s.acquired} have a sandbox, ${s.prompted} at their prompt, ${s.typed} done typing${failed}${removing}.`;
}

export function rehearsalVerdictText(r: RehearsalResult): string {
  return r.verdict.holds
    ? `This host holds a start of ${r.learners} learners.`
    : `This host does not hold a start of ${r.learners} learners as it is.`;
}

/** The figures as label and value, in the order an instructor reads them. */
export function rehearsalFigures(r: RehearsalResult): [string, string][] {
  const none = (n: number) => n === 0;
  return [
    ['First prompt, p99', none(r.ttfpMs.n) ? 'nobody got a prompt' : `${ms(r.ttfpMs.p99)} (p50 ${ms(r.ttfpMs.p50)}; target under ${ms(r.verdict.ttfpTargetMs)})`],
    ['Echo, p99', none(r.echoMs.n) ? 'no keys typed' : `${ms(r.echoMs.p99)} (p50 ${ms(r.echoMs.p50)}; target under ${ms(r.verdict.echoTargetMs)})`],
    ['Lowest free memory', `${r.memoryMb.lowest} MiB (${r.memoryMb.before} MiB before; sandboxes are refused under ${r.memoryMb.reserve} MiB)`],
    ['Pool size to use', `${r.verdict.poolSize} pre-warmed sandboxes${r.verdict.poolFits ? '' : ' (more than this host can keep ready)'}`],
    ['Learners without a prompt', `${r.failures} of ${r.learners}${r.errors.length ? ` (${r.errors.join('; ')})` : ''}`],
    ['Pre-warmed used', `${r.pool.used} of ${r.pool.before} ready when it began`],
    ['Took', `${r.seconds} s; ${r.removed} rehearsal sandboxes removed`],
  ];
}
