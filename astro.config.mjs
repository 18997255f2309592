// @ts-check
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

// The site is static; the Boxlab server (server/main.ts) serves it with the terminal WebSocket on one port.
// In `npm run dev`, Astro's dev server forwards the WebSocket to that server.
const backend = process.env.BOXLAB_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  integrations: [mdx()],
  vite: {
    server: {
      proxy: {
        '/ws': { target: backend, ws: true },
        '/api': { target: backend },
      },
    },
  },
});
