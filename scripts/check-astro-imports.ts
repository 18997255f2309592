/**
 * `.astro` files' imports under the site's rules (scripts/astro-imports.ts); the second half of
 * `npm run lint:imports`, after dependency-cruiser. Exits 1 on a violation.
 */
import { globSync, readFileSync } from 'node:fs';
import { astroImports, astroViolations } from './astro-imports.ts';

const files = globSync('src/**/*.astro').sort();
let imports = 0;
const violations = files.flatMap((file) => {
  const source = readFileSync(file, 'utf8');
  imports += astroImports(source).length;
  return astroViolations(file, source);
});
for (const v of violations) console.error(`  error ${v.rule}: ${v.from} → ${v.to}`);
// A reader that finds nothing would pass everything: the site's components do import.
if (imports === 0) {
  console.error(`  error: no imports found in ${files.length} .astro files; is scripts/astro-imports.ts still reading them?`);
  process.exit(1);
}
if (violations.length) {
  console.error(`\nx ${violations.length} import violations in .astro files.`);
  process.exit(1);
}
console.log(`✔ .astro imports: no violations (${files.length} files, ${imports} imports)`);
