// @ts-check
import mdx from '@astrojs/mdx';
import expressiveCode from 'astro-expressive-code';
import { defineConfig } from 'astro/config';
import { pagefind } from './src/integrations/pagefind.ts';

// The site is static; the Boxlab server (server/main.ts) serves it with the terminal WebSocket on one port.
// In `npm run dev`, Astro's dev server forwards the WebSocket to that server.
const backend = process.env.BOXLAB_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  // Code blocks: Expressive Code must come before MDX so it handles their fences.
  integrations: [expressiveCode({ themes: ['github-light'], styleOverrides: { codeFontSize: '0.88rem' } }), mdx(), pagefind()],
  vite: {
    server: {
      proxy: {
        '/ws': { target: backend, ws: true },
        '/api': { target: backend },
      },
    },
  },
});
