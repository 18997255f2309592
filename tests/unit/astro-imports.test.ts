import { describe, expect, it } from 'vitest';
import { astroImports, astroViolations } from '../../scripts/astro-imports.ts';

const component = `---
import type { Thing } from '../lib/types.ts';
import {
  lessonKey,
} from '../../server/contracts/lesson-id.ts';
import Base from '../layouts/Base.astro';
export { helper } from './helper.ts';
---
<p>import nothing from 'markup-is-not-code'</p>
<script>
  import '../client/side-effect.ts';
  const lazy = () => import('@xterm/xterm');
</script>
`;

describe('.astro imports', () => {
  it('are read from the frontmatter and the scripts, in every form, and not from the markup', () => {
    expect(astroImports(component).sort()).toEqual(
      ['../lib/types.ts', '../../server/contracts/lesson-id.ts', '../layouts/Base.astro', '../client/side-effect.ts', './helper.ts', '@xterm/xterm'].sort(),
    );
  });

  it('may reach server/contracts/ only, resolved from the file', () => {
    expect(astroViolations('src/mdx/Preview.astro', component)).toEqual([]);
    const bad = `---\nimport { parseName } from '../../server/sandbox/claims.ts';\nimport Docker from 'dockerode';\n---\n`;
    expect(astroViolations('src/mdx/Preview.astro', bad)).toEqual([
      { rule: 'site-imports-only-contracts', from: 'src/mdx/Preview.astro', to: 'server/sandbox/claims.ts' },
      { rule: 'dockerode-only-in-sandbox-docker', from: 'src/mdx/Preview.astro', to: 'dockerode' },
    ]);
    // Resolved, not matched by text: this one climbs out of src/ into server/ from a deeper folder.
    expect(astroViolations('src/pages/lessons/[...id].astro', `---\nimport x from '../../../server/http/preview.ts';\n---`)).toHaveLength(1);
  });
});
