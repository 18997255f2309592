/**
 * After `astro build` (and after the search index), write a Brotli and a gzip copy beside every text file of the
 * site, so the server sends compressed bytes without compressing anything per request (@fastify/static's
 * `preCompressed`). Only files worth it (1 KiB or more) and only text: Pagefind's index is gzip already.
 */
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(html|js|mjs|css|svg|json|txt|xml|map)$/;
const WORTH_IT = 1024;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

export function precompress(): AstroIntegration {
  return {
    name: 'boxlab-precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let count = 0;
        let before = 0;
        let after = 0;
        for (const path of files(fileURLToPath(dir))) {
          if (statSync(path).size < WORTH_IT) continue;
          const raw = readFileSync(path);
          const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
          writeFileSync(`${path}.br`, br);
          writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
          count++;
          before += raw.length;
          after += br.length;
        }
        logger.info(`precompressed ${count} files: ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB (brotli)`);
      },
    },
  };
}
