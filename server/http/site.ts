/** The built lesson site, and the learner identity every visitor gets on first contact. */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { learnerCookieHeader, LEARNER_COOKIE, newLearnerId, parseCookies, signLearner, verifyLearner } from './identity.ts';

/** A visitor without a valid learner cookie gets one, before any page asks for a terminal. */
export function registerIdentity(app: FastifyInstance, secret: string, cookieSecure: boolean): void {
  app.addHook('onRequest', async (req, reply) => {
    const cookie = parseCookies(req.headers.cookie).get(LEARNER_COOKIE);
    if (!verifyLearner(secret, cookie)) reply.header('set-cookie', learnerCookieHeader(signLearner(secret, newLearnerId()), cookieSecure));
  });
}

export async function registerSite(app: FastifyInstance, siteDir: string): Promise<void> {
  const root = resolve(siteDir);
  if (existsSync(root)) await app.register(fastifyStatic, { root, redirect: true, index: 'index.html' });
  else app.log.warn({ siteDir: root }, 'built site not found: run `npm run build` (only the API and terminal are served)');
}
