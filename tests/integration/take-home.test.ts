/**
 * Take it home with a real engine: the download of a shell sandbox holds a README, a Dockerfile and the learner's
 * home folder (read by the engine), streamed as gzip; refusals are sentences (no sandbox, unknown lesson, too large);
 * a docker sandbox's download also holds the images the learner built there, and not the practice images.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { takeHomeUrl } from '../../server/contracts/take-home.ts';
import { planTakeHome } from '../../server/sandbox/take-home.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie } from '../helpers/terminal-client.ts';

const started: RunningBoxlab[] = [];
afterAll(async () => {
  for (const b of started) await b.destroy();
});
const learnerOf = (cookie: string) => cookie.split('=')[1]!.split('.')[0]!;

async function download(box: RunningBoxlab, lesson: string, cookie: string): Promise<{ dir: string; names: string[] }> {
  const res = await fetch(`${box.baseUrl}${takeHomeUrl(lesson)}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/gzip');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="boxlab-[a-z0-9-]+\.tar\.gz"$/);
  const tar = gunzipSync(Buffer.from(await res.arrayBuffer()));
  const dir = mkdtempSync(join(tmpdir(), 'boxlab-take-home-'));
  execFileSync('tar', ['-xf', '-', '-C', dir], { input: tar });
  const names = execFileSync('tar', ['-tf', '-'], { input: tar, maxBuffer: 64 << 20 }).toString().trim().split('\n');
  return { dir, names };
}

describe('a shell sandbox', () => {
  const LESSON = 'fixtures/checks';
  it('downloads the home folder with a Dockerfile and a README; refuses with sentences', async () => {
    const box = await startBoxlab();
    started.push(box);
    const cookie = await newLearnerCookie(box.baseUrl);
    const none = await fetch(`${box.baseUrl}${takeHomeUrl(LESSON, true)}`, { headers: { cookie } });
    expect(none.status).toBe(409);
    expect((await none.json()).error.message).toMatch(/no sandbox for this lesson/);
    expect((await fetch(`${box.baseUrl}${takeHomeUrl('no/such-lesson')}`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${box.baseUrl}${takeHomeUrl(LESSON)}`)).status).toBe(401);

    const sandbox = await box.boxlab.manager.acquire(learnerOf(cookie), LESSON, 'shell');
    const made = await box.runtime.exec(sandbox.id, { cmd: ['sh', '-c', 'mkdir -p ~/app && echo "print(42)" > ~/app/main.py && head -c 3000000 /dev/urandom > ~/blob.bin'], user: 'learner', timeoutMs: 10_000 });
    expect(made.exitCode).toBe(0);
    const check = await (await fetch(`${box.baseUrl}${takeHomeUrl(LESSON, true)}`, { headers: { cookie } })).json();
    expect(check.homeBytes).toBeGreaterThan(3_000_000);
    expect(check.images).toEqual([]);

    const { dir, names } = await download(box, LESSON, cookie);
    expect(names.slice(0, 2)).toEqual(['README.md', 'Dockerfile']);
    expect(names).toEqual(expect.arrayContaining(['learner/', 'learner/app/main.py', 'learner/blob.bin']));
    expect(readFileSync(join(dir, 'learner', 'app', 'main.py'), 'utf8')).toBe('print(42)\n');
    expect(readFileSync(join(dir, 'learner', 'blob.bin')).length).toBe(3_000_000);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM debian:bookworm-slim$/m);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(LESSON);

    // Over the cap: a sentence that says how much and what to do, before anything is streamed.
    const plan = planTakeHome({ runtime: box.runtime, sandboxId: sandbox.id, profile: 'shell', lessonId: LESSON, lessonTitle: 'x', now: new Date(), limits: { homeBytes: 1_000_000, imagesBytes: 1 } });
    await expect(plan).rejects.toMatchObject({ code: 'take_home_too_large', message: expect.stringMatching(/more than the 1 MiB a download may take/) });
  });
});

describe('a docker sandbox', () => {
  const DOCKER_LESSON: LessonManifest = {
    version: 1,
    lessons: [{ id: 'test/docker', title: 'docker', profile: 'docker', network: 'none', dir: 'tests/fixtures', exercises: [] }],
  };
  it('downloads the images the learner built, not the practice images', async () => {
    const box = await startBoxlab({ BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0' }, undefined, DOCKER_LESSON);
    started.push(box);
    const cookie = await newLearnerCookie(box.baseUrl);
    const sandbox = await box.boxlab.manager.acquire(learnerOf(cookie), 'test/docker', 'docker');
    const sh = (cmd: string, timeoutMs = 120_000) => box.runtime.exec(sandbox.id, { cmd: ['sh', '-c', cmd], user: 'learner', timeoutMs });
    await eventually(async () => (await sh('test -f /run/boxlab/engine-ready', 5000)).exitCode === 0, 'the sandbox\'s engine', 90_000, 250);
    const built = await sh('docker pull -q busybox && printf "FROM busybox\\nRUN echo made-here > /made\\n" | docker build -q -t hello:1 -');
    expect(built.exitCode, built.output).toBe(0);

    const check = await (await fetch(`${box.baseUrl}${takeHomeUrl('test/docker', true)}`, { headers: { cookie } })).json();
    expect(check.images).toEqual(['hello:1']);
    const { dir, names } = await download(box, 'test/docker', cookie);
    expect(names).toContain('boxlab-images.tar');
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', join(dir, 'boxlab-images.tar'), 'manifest.json']).toString()) as { RepoTags: string[] }[];
    expect(manifest.flatMap((m) => m.RepoTags)).toEqual(['hello:1']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('docker load -i boxlab-images.tar');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('docker.io');
    // The saved file does not stay in the sandbox's engine storage.
    expect((await box.runtime.exec(sandbox.id, { cmd: ['sh', '-c', 'ls /var/lib/docker/tmp/'], user: 'root', timeoutMs: 5000 })).output).not.toContain('boxlab-images.tar');
  }, 300_000);
});
