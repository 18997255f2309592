/**
 * The registry cache (BOXLAB_DOCKER_REGISTRY_UPSTREAM): docker sandboxes pull images the practice registry does
 * not have through one pull-through cache of the server's, reached by a socket since they have no network.
 * The "upstream" here is a real registry in a container on the host engine, holding one image no practice
 * registry has; the test then stops it and shows a second learner still gets the image, from the cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { imageTag } from '../../server/sandbox/images.ts';
import { registryCacheNames } from '../../server/sandbox/registry-cache.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { TEST_LABEL, TEST_RUN_LABEL, testRunId } from '../helpers/cleanup.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const DOCKER_LESSON: LessonManifest = {
  version: 1,
  lessons: [{ id: 'test/docker', title: 'docker', profile: 'docker', network: 'none', dir: 'tests/fixtures', exercises: [] }],
};

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const suffix = Math.random().toString(36).slice(2, 8);
const upstreamName = `boxlab-test-upstream-${suffix}`;
const pushedTag = `boxlab-test-upstream-image:${suffix}`;
let box: RunningBoxlab;
let env: Record<string, string>;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  // The upstream: Debian's registry from the cache's own image, in its plain (storing) mode, on the default bridge.
  docker('run', '-d', '--name', upstreamName, '--label', `${TEST_LABEL}=1`, '--label', `${TEST_RUN_LABEL}=${testRunId()}`,
    '-p', '127.0.0.1::5000', '--user', 'docker-registry', imageTag('registry-cache'), 'sh', '-c',
    'printf "version: 0.1\\nstorage:\\n  filesystem:\\n    rootdirectory: /tmp/upstream\\nhttp:\\n  addr: :5000\\n" > /tmp/upstream.yml && ' +
      '{ docker-registry serve /tmp/upstream.yml & echo $! > /tmp/registry.pid; exec sleep infinity; }');
  const port = docker('port', upstreamName, '5000/tcp').split(':').pop()!;
  const ip = docker('inspect', '-f', '{{.NetworkSettings.IPAddress}}', upstreamName);
  // An image only the upstream has: one file, imported from a tar, pushed as library/<name> (what `docker pull
  // <name>` asks a mirror for).
  const dir = mkdtempSync(join(tmpdir(), 'boxlab-upstream-'));
  writeFileSync(join(dir, 'hello.txt'), `from-upstream-${suffix}\n`);
  const local = `127.0.0.1:${port}/library/${pushedTag}`;
  execFileSync('sh', ['-c', `tar -C ${dir} -c hello.txt | docker import - ${local}`]);
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; ; i++) {
    try {
      docker('push', '-q', local);
      break;
    } catch (err) {
      if (i > 50) throw err; // the registry is still starting
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  docker('rmi', local);
  env = { BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '0', BOXLAB_POOL_SHELL: '0', BOXLAB_DOCKER_REGISTRY_UPSTREAM: `http://${ip}:5000` };
  box = await startBoxlab(env, undefined, DOCKER_LESSON);
}, 180_000);

afterAll(async () => {
  for (const t of terminals) await t.close();
  execFileSync('docker', ['rm', '-f', upstreamName], { stdio: 'ignore' });
  await box?.destroy();
});

async function learnerTerminal(): Promise<TestTerminal> {
  const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl), lesson: 'test/docker' });
  terminals.push(t);
  await t.waitForPrompt(90_000);
  return t;
}

const pullAndRead = `docker pull -q ${pushedTag} >/dev/null && docker create --name fromup ${pushedTag} x >/dev/null && docker cp fromup:/hello.txt - | tar -xO; echo pulled-$((1+1))`;

it('pulls an image only the upstream has, and serves it from the cache when the upstream is gone', async () => {
  const first = await learnerTerminal();
  expect(await first.run(pullAndRead, /pulled-2/, 60_000)).toContain(`from-upstream-${suffix}`);

  // The upstream goes down (refusing connections, as a registry that is down does; an address that vanished
  // instead makes the cache wait out its connect timeout, ~30 s, before it answers from what it holds).
  docker('exec', upstreamName, 'sh', '-c', 'kill $(cat /tmp/registry.pid)');
  const second = await learnerTerminal();
  expect(await second.run(pullAndRead, /pulled-2/, 60_000)).toContain(`from-upstream-${suffix}`);
  // The practice images still come from the sandbox's own registry.
  expect(await second.run('docker pull -q debian:bookworm-slim && echo practice-$((2+2))', /practice-4|rror/, 60_000)).toMatch(/practice-4/);
});

it('runs one cache per server, which nobody can push to', async () => {
  const [t] = terminals;
  // The first step of any push: a registry in proxy mode answers 405 UNSUPPORTED.
  const out = await t!.run('curl -s -o /dev/null -w "upload=%{http_code}\\n" -X POST http://127.0.0.1:5001/v2/library/mine/blobs/uploads/', /upload=\d+/);
  expect(out).toMatch(/upload=405/);
  const running = () => docker('ps', '-q', '--no-trunc', '--filter', `name=^${registryCacheNames(box.config.instance).container}$`).split('\n').filter(Boolean);
  const [cache] = running();
  expect(running()).toHaveLength(1);
  // A server restart with the same settings keeps the cache (and what it holds) rather than making another.
  const restarted = await startBoxlab(env, box.config.instance, DOCKER_LESSON);
  await restarted.close();
  expect(running()).toEqual([cache]);
});
