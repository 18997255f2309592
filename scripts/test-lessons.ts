/**
 * `npm run test:lessons`: lesson CI over the built site's manifest (npm script builds first). Prints the
 * table lesson × exercise with timings; exits non-zero when any exercise fails. Settings as for the server
 * (BOXLAB_SITE_DIR, BOXLAB_CONTENT_ROOT, BOXLAB_SHELL_*; BOXLAB_LESSON_CI_TIMEOUT_S, default 120).
 */
import { loadConfig } from '../server/config/load.ts';
import { formatCiTable } from '../server/checks/ci-table.ts';
import { runLessonCi } from '../server/checks/lesson-ci.ts';
import { readManifest } from '../server/manifest-file.ts';
import { DockerRuntime } from '../server/sandbox/docker/docker-runtime.ts';
import { ensureImage } from '../server/sandbox/images.ts';
import { dockerProfile, shellProfile, vmProfile } from '../server/sandbox/profiles.ts';

const config = loadConfig(process.env);
const runtime = new DockerRuntime();
const manifest = readManifest(config.siteDir);
const log = (line: string) => console.log(line);
const profiles = new Map([['shell', { profile: shellProfile(config.shell), imageTag: await ensureImage(runtime, 'shell', log) }]]);
profiles.set('vm', { profile: vmProfile({ memoryMb: config.vm.memoryMb, cpus: config.vm.cpus, pids: config.vm.pids }), imageTag: await ensureImage(runtime, 'vm', log) });
// docker lessons need the docker profile switched on, as for the server (BOXLAB_DOCKER_ELEVATED or _RUNTIME).
if (config.docker) profiles.set('docker', { profile: dockerProfile(config.docker, config.docker), imageTag: await ensureImage(runtime, 'docker', log) });
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
  (r) => console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.lesson} / ${r.exercise}`),
);
console.log(`\n${formatCiTable(results)}\nlesson CI took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
