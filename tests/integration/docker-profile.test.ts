/**
 * The `docker` profile against the real engine: a Docker engine of the sandbox's own, ready at the prompt,
 * with practice images pulled from the sandbox's registry with no internet, and no way to the host's engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { engineId } from '../helpers/engine.ts';
import { newLearnerCookie, plain, TestTerminal } from '../helpers/terminal-client.ts';

const DOCKER_LESSON: LessonManifest = {
  version: 1,
  lessons: [{ id: 'test/docker', title: 'docker', profile: 'docker', network: 'none', dir: 'tests/fixtures', exercises: [] }],
};

describe('docker profile, elevated runc (operator opted in)', () => {
  let box: RunningBoxlab;
  let t: TestTerminal;
  beforeAll(async () => {
    box = await startBoxlab({ BOXLAB_DOCKER_ELEVATED: 'true', BOXLAB_POOL_DOCKER: '1', BOXLAB_POOL_SHELL: '0' }, undefined, DOCKER_LESSON);
    t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl), lesson: 'test/docker' });
    await t.waitForPrompt(60_000);
  });
  afterAll(async () => {
    await t?.close();
    await box?.destroy();
  });

  it('has its engine ready when the prompt appears, and it is not the host’s', async () => {
    const out = await t.run('docker info --format "engine={{.ID}} driver={{.Driver}}"', /engine=[A-Z0-9:]+ driver=\w+/, 10_000);
    const nested = /engine=(\S+)/.exec(out)![1];
    const host = await engineId();
    expect(nested).not.toBe(host);
    expect(out).toMatch(/driver=overlay2/);
  });

  it('pulls and runs practice images with no internet', async () => {
    const out = await t.run('docker pull -q busybox && docker run --rm busybox echo nested-$((40+2))', /nested-42|rror/, 60_000);
    expect(out).toMatch(/nested-42/);
  });

  it('has real practice images, with their default commands', async () => {
    const out = await t.run(
      'echo "echo from-sh-$((3*3))" | docker run --rm -i busybox; docker run --rm python python3 -c "print(6*7)"; docker run --rm debian cat /etc/debian_version; echo DONE-$((5+5))',
      /DONE-10/,
      120_000,
    );
    expect(out).toMatch(/from-sh-9/);
    expect(out).toMatch(/^42$/m);
    expect(out).toMatch(/^12\.\d+/m);
  });

  it('builds an image and runs it', async () => {
    const out = await t.run(
      "mkdir -p ~/app && echo 'FROM busybox' > ~/app/Dockerfile && echo 'CMD echo built-$((6*7))' >> ~/app/Dockerfile && docker build -q -t mine ~/app >/dev/null && docker run --rm mine",
      /built-42|rror/,
      60_000,
    );
    expect(out).toMatch(/built-42/);
  });

  it('publishes ports, uses networks and volumes, and runs compose', async () => {
    const compose = [
      'services:',
      '  web:',
      '    image: web',
      '    command: httpd -f -p 80 -h /www',
      '    ports: ["8081:80"]',
      '    volumes: ["data:/data"]',
      'volumes:',
      '  data: {}',
    ].join('\\n');
    const out = await t.run(
      `mkdir -p ~/site && cd ~/site && printf '${compose}\\n' > docker-compose.yml && docker-compose up -d >/dev/null 2>&1; ` +
        'for i in $(seq 50); do curl -sf localhost:8081 && break; sleep 0.2; done; docker-compose down >/dev/null 2>&1; cd; echo COMPOSE-$((1+1))',
      /COMPOSE-2/,
      90_000,
    );
    expect(out).toMatch(/Hello from a container!/);
  });

  it('runs a swarm service with replicas', { timeout: 120_000 }, async () => {
    // The sandbox has no network but loopback, so the swarm advertises that.
    const out = await t.run(
      'docker swarm init --advertise-addr 127.0.0.1 >/dev/null 2>&1; docker service create -q --replicas 2 --name svc busybox sleep 600 >/dev/null; ' +
        'for i in $(seq 100); do r=$(docker service ls --format "{{.Replicas}}"); [ "$r" = "2/2" ] && break; sleep 0.3; done; echo "replicas=$r"',
      /replicas=\d/,
      90_000,
    );
    expect(out).toMatch(/replicas=2\/2/);
  });

  it('lets namespace lessons use unshare, nsenter and ip netns as on a Linux host', async () => {
    const out = await t.run(
      'sudo ip netns add lab && sudo ip netns exec lab ip -o link | wc -l; sudo ip netns del lab; ' +
        'sudo unshare --pid --fork --mount-proc sh -c "echo inner-pid=\\$\\$"; ' +
        'sleep 300 & p=$!; sudo nsenter -t $p -u hostname; kill $p; echo NS-$((2+3))',
      /NS-5/,
      30_000,
    );
    // A fresh network namespace has only its loopback; a fresh PID namespace starts at 1.
    expect(out).toMatch(/^1$/m);
    expect(out).toMatch(/inner-pid=1/);
    expect(out).toMatch(/^box-\w+$/m);
  });

  it('keeps the learner away from the host engine', async () => {
    const out = await t.run('id -un; ls -l /var/run/docker.sock; curl -s -m 2 http://172.17.0.1:2375/version >/dev/null && echo HOST-ENGINE; echo END-$((2+2))', /END-4/, 10_000);
    // The learner's own user; root only through sudo, inside their own sandbox.
    expect(plain(out)).toMatch(/^learner$/m);
    expect(out).not.toMatch(/HOST-ENGINE/);
  });
});

describe('docker profile not offered', () => {
  it('tells the learner clearly instead of failing strangely', async () => {
    const box = await startBoxlab({ BOXLAB_POOL_SHELL: '0' }, undefined, DOCKER_LESSON);
    try {
      const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: await newLearnerCookie(box.baseUrl), lesson: 'test/docker' });
      await t.waitFor(() => t.closed !== undefined, 'refusal');
      expect(t.control('error')?.message).toMatch(/does not offer the "docker" sandbox/);
    } finally {
      await box.destroy();
    }
  });
});
