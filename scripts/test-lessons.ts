/**
 * `npm run test:lessons [-- [--verbose] <lesson-id-prefix>…]`: lesson CI over the built site's manifest (the npm script builds
 * first), or over the lessons whose id starts with a prefix given. Prints which profile and runtime each lesson
 * was proven under, the table lesson × exercise with cheats and timings; exits non-zero when anything fails.
 * Settings as for the server (BOXLAB_SITE_DIR, BOXLAB_CONTENT_ROOT, BOXLAB_SHELL_*, BOXLAB_DOCKER_*, BOXLAB_VM_*;
 * BOXLAB_LESSON_CI_TIMEOUT_S per script, default 120).
 */
import { loadConfig } from '../server/config/load.ts';
import { selectLessons } from '../server/checks/ci-select.ts';
import { formatCiTable } from '../server/checks/ci-table.ts';
import { describeRuntime, runLessonCi } from '../server/checks/lesson-ci.ts';
import { readManifest } from '../server/manifest-file.ts';
import { loadCatalog } from '../server/sandbox/catalog-loader.ts';
import { DockerRuntime } from '../server/sandbox/docker/docker-runtime.ts';

const config = loadConfig(process.env);
const args = process.argv.slice(2);
// --verbose: what each check said after each cheat, to see that it refused the cheat for the right reason.
const verbose = args.includes('--verbose');
let manifest;
try {
  manifest = selectLessons(readManifest(config.siteDir), args.filter((a) => a !== '--verbose'));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const runtime = new DockerRuntime();
const log = (line: string) => console.log(line);
const needed = new Set<string>(manifest.lessons.map((l) => l.profile));
// Lesson CI proves every lesson on the author's own machine: its sandboxes run only the lessons' own scripts, so
// the docker profile is switched on for them as the test suite does, on elevated runc unless the operator's
// settings name a runtime (BOXLAB_DOCKER_RUNTIME) or already enable it. Otherwise the server's own catalog.
const ciConfig = config.docker ? config : loadConfig({ ...process.env, BOXLAB_DOCKER_ELEVATED: 'true' });
const { profiles } = await loadCatalog(runtime, ciConfig, log);
const why: Record<string, string> = {
  shell: config.shell.runtime ? 'BOXLAB_SHELL_RUNTIME' : "the engine's default",
  vm: profiles.get('vm')?.profile.devices?.length ? 'KVM' : 'no usable /dev/kvm: guests are emulated',
  docker: config.docker ? 'BOXLAB_DOCKER_*' : 'switched on for lesson CI only: a server needs BOXLAB_DOCKER_ELEVATED or BOXLAB_DOCKER_RUNTIME',
};
console.log('\nLesson CI sandboxes:');
for (const [name, { profile }] of profiles) if (needed.has(name)) console.log(`  ${name.padEnd(6)} on ${describeRuntime(profile)} (${why[name]})`);
console.log('');

const timeoutS = Number(process.env['BOXLAB_LESSON_CI_TIMEOUT_S'] ?? 120);
const started = Date.now();
const results = await runLessonCi(
  {
    runtime,
    manifest,
    contentRoot: config.contentRoot,
    profiles,
    instance: `lesson-ci-${process.pid}`,
    extraLabels: config.extraLabels,
    timeoutMs: timeoutS * 1000,
  },
  (r) => {
    const cheats = r.exercises.flatMap((e) => e.cheats);
    const verdict = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' }[r.status];
    console.log(`${verdict} ${r.lesson} (${r.profile} on ${r.runtime}): ${r.exercises.length} exercises, ${cheats.length} cheats, ${(r.ms / 1000).toFixed(1)} s`);
    if (verbose) for (const c of cheats) console.log(`       ${c.cheat}: ${c.problem ?? `check said: ${c.checkSaid ?? ''}`}`);
  },
);
console.log(`\n${formatCiTable(results)}\nlesson CI took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.status !== 'fail') ? 0 : 1);
