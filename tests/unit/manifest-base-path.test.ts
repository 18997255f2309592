/** A site built for one base path, served under another, stops the server with what to do (server/manifest-file.ts). */
import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../../server/contracts/manifest.ts';
import { basePathMismatch } from '../../server/manifest-file.ts';

const manifest = (basePath?: string) => manifestSchema.parse({ version: 1, lessons: [], ...(basePath === undefined ? {} : { basePath }) });

describe('the base path the site was built with', () => {
  it('agrees with the server: nothing to say', () => {
    expect(basePathMismatch(manifest('/boxlab'), '/boxlab')).toBeUndefined();
    expect(basePathMismatch(manifest(''), '')).toBeUndefined();
    // A manifest from before the field: built at the root.
    expect(basePathMismatch(manifest(), '')).toBeUndefined();
  });

  it('differs: a sentence naming both and the command to rebuild', () => {
    expect(basePathMismatch(manifest('/boxlab'), '')).toMatch(/built for BOXLAB_BASE_PATH=\/boxlab but the server is set to the root/);
    const text = basePathMismatch(manifest(''), '/learn');
    expect(text).toMatch(/built for the root \(BOXLAB_BASE_PATH unset\)/);
    expect(text).toContain('BOXLAB_BASE_PATH=/learn npm run build');
  });
});
