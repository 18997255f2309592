// @ts-check
import mdx from '@astrojs/mdx';
import expressiveCode from 'astro-expressive-code';
import { defineConfig } from 'astro/config';
import { request } from 'node:http';
import { pagefind } from './src/integrations/pagefind.ts';
import { precompress } from './src/integrations/precompress.ts';
import { basePathProblem } from './server/config/base-path.ts';

// BOXLAB_BASE_PATH: the sub-path the site is served under (docs/operators/deploy.md). Astro writes it into every
// link at build time; the server, given the same value, serves under it.
const basePath = process.env.BOXLAB_BASE_PATH ?? '';
const basePathWrong = basePathProblem(basePath);
if (basePathWrong) throw new Error(`BOXLAB_BASE_PATH is ${JSON.stringify(basePath)}: ${basePathWrong}.`);

// The site is static; the Boxlab server (server/main.ts) serves it with the terminal WebSocket on one port.
// In `npm run dev`, Astro's dev server forwards the server's paths to it.
const backend = process.env.BOXLAB_BACKEND ?? 'http://127.0.0.1:8080';
const BACKEND_PATHS = ['/api/', '/healthz', '/preview/'].map((p) => basePath + p);

/**
 * Astro's dev server answers plain HTTP requests itself before Vite's `server.proxy` sees them (only WebSocket
 * upgrades reach the proxy), so the backend's HTTP paths are forwarded by this middleware, installed first.
 * @returns {import('vite').Plugin}
 */
function devBackend() {
  return {
    name: 'boxlab-dev-backend',
    enforce: 'pre',
    configureServer(server) {
        server.middlewares.use((req, res, next) => {
          if (!BACKEND_PATHS.some((p) => req.url?.startsWith(p))) return next();
          const target = new URL(req.url ?? '/', backend);
          const forwarded = request(target, { method: req.method, headers: req.headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          });
          forwarded.on('error', () => {
            res.statusCode = 502;
            res.end(`The Boxlab server is not answering at ${backend}.`);
          });
          req.pipe(forwarded);
        });
    },
  };
}

export default defineConfig({
  output: 'static',
  ...(basePath ? { base: basePath } : {}),
  trailingSlash: 'ignore',
  // Code blocks: Expressive Code must come before MDX so it handles their fences; its options are in ec.config.mjs.
  integrations: [expressiveCode(), mdx(), pagefind(), precompress()],
  vite: {
    // src/lib/base-path.ts: the sub-path for pages and browser code.
    define: { __BOXLAB_BASE_PATH__: JSON.stringify(basePath) },
    plugins: [devBackend()],
    server: {
      proxy: {
        [`${basePath}/ws`]: { target: backend, ws: true },
      },
    },
  },
});
