/**
 * The built lesson site: compressed at build time, hashed assets cached for good (their names change with their
 * content), pages revalidated, under the site's Content Security Policy (the learner identity every visitor gets: cookies.ts).
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contentSecurityPolicy, inlineScripts, registerSecurityHeaders, scriptHashes } from './security-headers.ts';

/** Every HTML page under `dir` (a built site has hundreds at most). */
function* htmlPages(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlPages(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** Assets whose file names carry a hash of their content (Astro's `_astro/`, Pagefind's fragments and index). */
const HASHED = /\/(_astro|pagefind\/(fragment|index))\//;

export async function registerSite(app: FastifyInstance, siteDir: string, https: boolean): Promise<void> {
  const root = resolve(siteDir);
  const pages = existsSync(root) ? [...htmlPages(root)] : [];
  const hashes = scriptHashes(pages.flatMap((page) => inlineScripts(readFileSync(page, 'utf8'))));
  registerSecurityHeaders(app, { csp: contentSecurityPolicy(hashes), https });
  if (!existsSync(root)) {
    app.log.warn({ siteDir: root }, 'built site not found: run `npm run build` (only the API and terminal are served)');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    redirect: true,
    // An array: with precompressed files, the plugin looks a folder's index up only from a list.
    index: ['index.html'],
    // The build wrote .br and .gz copies of the text files (src/integrations/precompress.ts).
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, served) => {
      // The file sent may be a precompressed copy: the cache rule is the original's.
      const path = served.replaceAll('\\', '/').replace(/\.(br|gz)$/, '');
      const cache = HASHED.test(path) ? 'public, max-age=31536000, immutable' : path.endsWith('.html') ? 'no-cache' : 'public, max-age=3600';
      res.header('cache-control', cache);
    },
  });
}
