/** `/healthz`: the server answers, with its sandbox counts. */
import type { FastifyInstance } from 'fastify';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';

export function registerHealthRoutes(app: FastifyInstance, manager: SandboxManager, catalog: ProfileCatalog): void {
  app.get('/healthz', async () => ({
    ok: true,
    sandboxes: manager.size,
    pooled: Object.fromEntries([...catalog.keys()].map((p) => [p, manager.pooled(p).length])),
    queued: manager.queued,
  }));
}
