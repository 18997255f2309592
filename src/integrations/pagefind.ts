/**
 * After `astro build`, index the built lesson pages with Pagefind (its binary ships inside the npm
 * package: nothing is downloaded). Only elements marked `data-pagefind-body` (lesson text) are indexed.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

export function pagefind(): AstroIntegration {
  return {
    name: 'boxlab-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { createIndex, close } = await import('pagefind');
        const site = fileURLToPath(dir);
        try {
          const { index, errors } = await createIndex({});
          if (!index) throw new Error(errors.join('; '));
          const added = await index.addDirectory({ path: site });
          if (added.errors.length) throw new Error(added.errors.join('; '));
          const written = await index.writeFiles({ outputPath: `${site}/pagefind` });
          if (written.errors.length) throw new Error(written.errors.join('; '));
          logger.info(`search index: ${added.page_count} pages`);
        } finally {
          await close();
        }
      },
    },
  };
}
