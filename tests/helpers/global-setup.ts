/**
 * Before integration and e2e tests: the site is built with the fixture lessons into its own folder
 * (helpers/site.ts; for the lesson manifest and pages), the learner
 * images exist, and no container of an earlier, interrupted run is left.
 */
import { execFileSync } from 'node:child_process';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { ensureImage } from '../../server/sandbox/images.ts';
import { removeTestContainers, TEST_LABEL, testRunId } from './cleanup.ts';
import { FIXTURE_LESSONS, TEST_SITE_DIR } from './site.ts';

let done = false;

export async function setup(): Promise<void> {
  if (done) return;
  done = true;
  if (!process.env['BOXLAB_TEST_SKIP_BUILD']) {
    // BOXLAB_EXTRA_LESSONS adds the fixture lessons, BOXLAB_FIXTURES the pages only tests use (src/pages/fixtures/).
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent', '--outDir', TEST_SITE_DIR], {
      stdio: 'inherit',
      env: { ...process.env, BOXLAB_EXTRA_LESSONS: FIXTURE_LESSONS, BOXLAB_FIXTURES: '1' },
    });
  }
  const runtime = new DockerRuntime();
  for (const image of ['shell', 'vm', 'docker', 'registry-cache']) await ensureImage(runtime, image, (line) => console.log(line));
  // Containers an interrupted earlier run left behind; never another run's live ones.
  await removeTestContainers(runtime, { stale: true });
  // Their volumes (the registry cache's) too: only the unused ones go, so a live run keeps its own.
  await runtime.removeVolumes({ [TEST_LABEL]: '1' });
  testRunId();
}

export async function teardown(): Promise<void> {
  await removeTestContainers(new DockerRuntime(), { run: testRunId() });
}
