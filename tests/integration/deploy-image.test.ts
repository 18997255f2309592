/**
 * The deploy kit's image (deploy/Dockerfile), built for real and run as an operator runs it (docs/operators/deploy.md):
 * the engine's socket mounted, the agents' directory at the same path inside and out, under a sub-path. Its learner's
 * shell opens through it, in a sandbox on this host's engine. The build's time and the image's size are printed.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { removeTestContainers, TEST_LABEL, TEST_RUN_LABEL, testRunId } from '../helpers/cleanup.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, plain, TestTerminal } from '../helpers/terminal-client.ts';

const run = promisify(execFile);
const IMAGE = 'boxlab-deploy-test:latest';
const BASE = '/lab';
const CA_DIR = 'deploy/ca-certificates';
const HOST_CAS = '/usr/local/share/ca-certificates';

const docker = async (...args: string[]) => (await run('docker', args, { maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 })).stdout.trim();
const instance = `t${Math.random().toString(16).slice(2, 10)}`;
let container = '';
let agentDir = '';
let copiedCas: string[] = [];

beforeAll(async () => {
  // This machine reaches the npm registry through a proxy whose authority it trusts: so must the build.
  copiedCas = (existsSync(HOST_CAS) ? readdirSync(HOST_CAS) : []).filter((f) => f.endsWith('.crt') && !existsSync(join(CA_DIR, f)));
  for (const f of copiedCas) copyFileSync(join(HOST_CAS, f), join(CA_DIR, f));
  const before = await docker('image', 'ls', '-q', IMAGE);
  const started = Date.now();
  await docker('build', '-q', '-f', 'deploy/Dockerfile', '--build-arg', `BOXLAB_BASE_PATH=${BASE}`, '--label', `${TEST_LABEL}=1`, '-t', IMAGE, '.');
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const size = Number(await docker('image', 'inspect', '--format', '{{.Size}}', IMAGE));
  console.log(`deploy image: built in ${seconds} s (layers the engine had cached are reused), ${(size / 1e6).toFixed(0)} MB`);
  // The previous build's image is garbage now; its layers shared with this one stay.
  const after = await docker('image', 'ls', '-q', IMAGE);
  if (before && before !== after) await docker('image', 'rm', before).catch(() => undefined);
}, 30 * 60_000);

afterAll(async () => {
  for (const f of copiedCas) rmSync(join(CA_DIR, f), { force: true });
  if (container) await docker('rm', '-f', container).catch(() => undefined);
  await removeTestContainers(new DockerRuntime(), { instance });
  if (agentDir) rmSync(agentDir, { recursive: true, force: true });
});

it('starts with the socket mounted and opens a learner shell through it', async () => {
  // Short, and the same path for Boxlab in its container and for the engine that mounts it into sandboxes.
  agentDir = mkdtempSync('/tmp/boxlab-deploy-');
  container = await docker(
    'run', '-d', '--label', `${TEST_LABEL}=1`, '--label', `${TEST_RUN_LABEL}=${testRunId()}`,
    '-p', '127.0.0.1::8080',
    '-v', '/var/run/docker.sock:/var/run/docker.sock',
    '-v', `${agentDir}:${agentDir}`,
    '-e', `BOXLAB_AGENT_DIR=${agentDir}`,
    '-e', `BOXLAB_INSTANCE=${instance}`,
    '-e', `BOXLAB_EXTRA_LABELS=${TEST_LABEL}=1,${TEST_RUN_LABEL}=${testRunId()}`,
    '-e', 'BOXLAB_POOL_SHELL=0',
    IMAGE,
  );
  const port = (await docker('port', container, '8080/tcp')).split('\n')[0]!.split(':').at(-1);
  const baseUrl = `http://127.0.0.1:${port}${BASE}`;
  const logs = async () => {
    const { stdout, stderr } = await run('docker', ['logs', '--tail', '30', container]);
    return stdout + stderr;
  };

  // Ready: the engine answers through the socket, the learner images are there, the store and data dir work.
  try {
    await eventually(async () => (await fetch(`${baseUrl}/readyz`)).ok, 'the container to be ready', 180_000, 500);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await logs()}`);
  }
  const page = await fetch(`${baseUrl}/lessons/containers/what-is-a-container/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`${BASE}/_astro/`);

  const cookie = await newLearnerCookie(baseUrl);
  const term = await TestTerminal.open({ baseUrl, cookie });
  try {
    // The prompt may come as output, or in the screen sent on attach when the shell was quicker than the socket.
    await term.waitForPrompt(60_000);
    expect(plain(term.output || term.screen)).toMatch(/learner@box-\w+:~\$/);
    term.type('echo "from the image: $((6*7))"\r');
    await term.waitFor(() => /^from the image: 42$/m.test(plain(term.output)), 'the command to run', 15_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\ncontrols: ${JSON.stringify(term.controls)}\n${await logs()}`);
  } finally {
    term.ws.close();
  }
  // The sandbox is the host engine's, beside Boxlab's container, with its agent directory from the shared path.
  const sandboxes = await new DockerRuntime().list({ 'boxlab.instance': instance });
  expect(sandboxes).toHaveLength(1);
}, 300_000);
