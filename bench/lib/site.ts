/**
 * The site the benchmarks' servers serve: the course plus the fixture lessons (for the docker profile alone),
 * built into dist-bench/ when it is missing, apart from dist/ (`npm start`) and dist-test/ (the tests), so a
 * benchmark runs whatever was built or not before it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_LESSONS } from '../../tests/helpers/site.ts';

export const BENCH_SITE_DIR = 'dist-bench';
/** The newest fixture lesson: a manifest without it was built without (all) the fixtures. */
const FIXTURE_PROBE = 'fixtures/docker-lab';

export function ensureBenchSite(): void {
  const manifest = join(BENCH_SITE_DIR, 'boxlab', 'manifest.json');
  if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(FIXTURE_PROBE)) return;
  console.log(`  building the site with the fixture lessons into ${BENCH_SITE_DIR}/…`);
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent', '--outDir', BENCH_SITE_DIR], {
    stdio: 'inherit',
    env: { ...process.env, BOXLAB_EXTRA_LESSONS: FIXTURE_LESSONS },
  });
}
