/**
 * What an `.astro` file imports, and which of those imports break the site's rules. dependency-cruiser reads
 * TypeScript, not Astro components, so `npm run lint:imports` checks their frontmatter and `<script>`s here
 * with the same rules as `.dependency-cruiser.mjs` gives the rest of src/. Pure.
 */
import { dirname, join, normalize } from 'node:path';

/** The code in an `.astro` file: its frontmatter and every `<script>` block (the markup imports nothing). */
function codeOf(source: string): string {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '';
  const scripts = [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [frontmatter, ...scripts].join('\n');
}

const IMPORT_FORMS = [
  /\bimport\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g, // import x from 'y', import 'y'
  /\bexport\s+(?:type\s+)?[\w*${}\s,]+?\s+from\s+['"]([^'"]+)['"]/g, // export { x } from 'y'
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('y')
];

/** Every module specifier the file's code names, in order of appearance per form. */
export function astroImports(source: string): string[] {
  const code = codeOf(source);
  return IMPORT_FORMS.flatMap((form) => [...code.matchAll(form)].map((m) => m[1]!));
}

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** `file` is relative to the repository root (`src/mdx/Preview.astro`). */
export function astroViolations(file: string, source: string): Violation[] {
  const violations: Violation[] = [];
  for (const specifier of astroImports(source)) {
    const to = specifier.startsWith('.') ? normalize(join(dirname(file), specifier)) : specifier;
    if (to.startsWith('server/') && !to.startsWith('server/contracts/')) violations.push({ rule: 'site-imports-only-contracts', from: file, to });
    if (/^dockerode(\/|$)/.test(to)) violations.push({ rule: 'dockerode-only-in-sandbox-docker', from: file, to });
  }
  return violations;
}
