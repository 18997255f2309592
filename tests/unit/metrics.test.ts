import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../server/observability/metrics.ts';
import { metricsAccess } from '../../server/observability/metrics-access.ts';
import type { SandboxCensus } from '../../server/sessions/sandbox-manager.ts';

const census: SandboxCensus = {
  claimed: new Map([['shell', 3]]),
  pooled: new Map([
    ['shell', 2],
    ['vm', 0],
  ]),
  poolTargets: new Map([
    ['shell', 2],
    ['vm', 0],
  ]),
  reserved: 1,
  unremoved: 0,
  queued: 4,
  limit: 10,
};

describe('metrics', () => {
  it('reads its gauges from their sources when scraped, and counts what it is told', async () => {
    let sessions = 5;
    const m = createMetrics({ census: () => census, terminalSessions: () => sessions, storeFile: '/nonexistent/boxlab.sqlite' });
    m.firstPrompt(120, 'shell');
    m.firstPrompt(900, 'shell');
    m.checkFinished('passed', 300);
    m.error('rate_limited', 'api');
    m.error('rate_limited', 'api');
    m.error('unknown_lesson', 'terminal');
    m.workshopJoined();
    let text = await m.registry.metrics();
    expect(text).toContain('boxlab_sandboxes{profile="shell",state="claimed"} 3');
    expect(text).toContain('boxlab_sandboxes{profile="shell",state="pooled"} 2');
    expect(text).toContain('boxlab_sandboxes{profile="vm",state="claimed"} 0');
    expect(text).toContain('boxlab_sandbox_slots{state="reserved"} 1');
    expect(text).toContain('boxlab_sandboxes_limit 10');
    expect(text).toContain('boxlab_pool_target{profile="shell"} 2');
    expect(text).toContain('boxlab_queue_length 4');
    expect(text).toContain('boxlab_terminal_sessions 5');
    expect(text).toContain('boxlab_store_bytes{file="db"} 0');
    expect(text).toContain('boxlab_first_prompt_seconds_count{profile="shell"} 2');
    expect(text).toContain('boxlab_first_prompt_seconds_bucket{le="0.25",profile="shell"} 1');
    expect(text).toContain('boxlab_first_prompt_seconds_bucket{le="1",profile="shell"} 2');
    expect(text).toContain('boxlab_check_duration_seconds_sum{status="passed"} 0.3');
    expect(text).toContain('boxlab_errors_total{code="rate_limited",source="api"} 2');
    expect(text).toContain('boxlab_errors_total{code="unknown_lesson",source="terminal"} 1');
    expect(text).toContain('boxlab_workshop_joins_total 1');
    // Node's own.
    expect(text).toContain('process_resident_memory_bytes');
    sessions = 7;
    text = await m.registry.metrics();
    expect(text).toContain('boxlab_terminal_sessions 7');
  });

  it('one registry per app: two apps in one process do not mix their counts', async () => {
    const sources = { census: () => census, terminalSessions: () => 0, storeFile: '/nonexistent' };
    const a = createMetrics(sources);
    const b = createMetrics(sources);
    a.workshopJoined();
    expect(await a.registry.metrics()).toContain('boxlab_workshop_joins_total 1');
    expect(await b.registry.metrics()).toContain('boxlab_workshop_joins_total 0');
  });
});

describe('who may read /metrics', () => {
  const local = { authorization: undefined, remoteAddress: '127.0.0.1', forwarded: false };
  it('without a token: clients on this host only, and not through a proxy', () => {
    expect(metricsAccess(undefined, local)).toEqual({ ok: true });
    expect(metricsAccess(undefined, { ...local, remoteAddress: '::1' })).toEqual({ ok: true });
    expect(metricsAccess(undefined, { ...local, remoteAddress: '::ffff:127.0.0.1' })).toEqual({ ok: true });
    expect(metricsAccess(undefined, { ...local, remoteAddress: '10.0.0.5' })).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/BOXLAB_METRICS_TOKEN/) });
    expect(metricsAccess(undefined, { ...local, forwarded: true })).toMatchObject({ ok: false, status: 403 });
  });

  it('with a token: whoever sends it, and nobody else, loopback included', () => {
    const token = 't'.repeat(32);
    expect(metricsAccess(token, { ...local, remoteAddress: '10.0.0.5', authorization: `Bearer ${token}` })).toEqual({ ok: true });
    expect(metricsAccess(token, { ...local, authorization: `Bearer ${token}x` })).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(token, { ...local, authorization: token })).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(token, local)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/Authorization: Bearer/) });
  });
});
