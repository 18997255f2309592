/**
 * The operator's endpoints. `/healthz` is liveness: the process answers (with its sandbox counts), whatever the
 * engine does; restart the server only when it fails. `/readyz` is readiness: 503 while the server cannot take a
 * learner (engine, learner images, store, data dir; observability/readiness.ts), so a load balancer stops sending
 * learners until it passes again. `/metrics` is for Prometheus (observability/metrics.ts), behind a token or
 * loopback (observability/metrics-access.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { BoxlabMetrics } from '../observability/metrics.ts';
import { metricsAccess } from '../observability/metrics-access.ts';
import type { Readiness } from '../observability/readiness.ts';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';

export interface HealthDeps {
  manager: SandboxManager;
  catalog: ProfileCatalog;
  readiness: Readiness;
  metrics: BoxlabMetrics;
  /** BOXLAB_METRICS_TOKEN; undefined: loopback clients only. */
  metricsToken: string | undefined;
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const { manager, catalog } = deps;
  app.get('/healthz', async () => ({
    ok: true,
    sandboxes: manager.size,
    pooled: Object.fromEntries([...catalog.keys()].map((p) => [p, manager.pooled(p).length])),
    /** Ready labs by shape (`profile:node,node,…`), when the pool keeps any. */
    warmLabs: manager.warmLabCounts(),
    queued: manager.queued,
  }));

  app.get('/readyz', async (_req, reply) => {
    const report = await deps.readiness.report();
    const failed = report.checks.filter((c) => !c.ok).map(({ name, message }) => ({ name, message }));
    reply.header('cache-control', 'no-store');
    return reply.status(report.ready ? 200 : 503).send({ ready: report.ready, checkedAt: new Date(report.checkedAt).toISOString(), failed, checks: report.checks });
  });

  app.get('/metrics', async (req, reply) => {
    const h = req.headers;
    const access = metricsAccess(deps.metricsToken, {
      authorization: h.authorization,
      remoteAddress: req.socket.remoteAddress,
      forwarded: h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined,
    });
    reply.header('cache-control', 'no-store');
    if (!access.ok) {
      if (access.status === 401) reply.header('www-authenticate', 'Bearer realm="boxlab metrics"');
      return reply.status(access.status).type('text/plain; charset=utf-8').send(`${access.message}\n`);
    }
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}
