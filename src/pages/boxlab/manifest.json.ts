/** Emitted at build time as dist/boxlab/manifest.json: what the server needs to know about each lesson. */
import type { APIRoute } from 'astro';
import { dirname } from 'node:path';
import type { LessonManifest } from '../../../server/contracts/manifest.ts';
import { BASE_PATH } from '../../lib/base-path.ts';
import { orderedLessons } from '../../lib/lessons.ts';

export const GET: APIRoute = async () => {
  const lessons = await orderedLessons();
  const manifest: LessonManifest = {
    version: 1,
    basePath: BASE_PATH,
    lessons: lessons.map((l) => ({
      id: l.id,
      title: l.data.title,
      profile: l.data.profile,
      network: l.data.network,
      dir: dirname(l.filePath ?? ''),
      ...(l.data.setup ? { setup: l.data.setup } : {}),
      ...(l.data.runtimes ? { runtimes: l.data.runtimes } : {}),
      ...(l.data.nodes ? { nodes: l.data.nodes } : {}),
      ...(l.data.setupNode ? { setupNode: l.data.setupNode } : {}),
      exercises: l.data.exercises.map((e) => ({ id: e.id, title: e.title, check: e.check, solve: e.solve, ...(e.node ? { node: e.node } : {}) })),
    })),
  };
  return new Response(JSON.stringify(manifest, null, 2), { headers: { 'content-type': 'application/json' } });
};
