import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_IMAGE, ensureImage, imageContext, IMAGES_DIR, imageTag, takesAgent } from '../../server/sandbox/images.ts';
import type { BuildContext } from '../../server/sandbox/runtime.ts';

const LEARNER_IMAGES = ['shell', 'docker', 'vm'];
const dockerfileOf = (image: string) => readFileSync(join(IMAGES_DIR, image, 'Dockerfile'), 'utf8');

describe('the terminal agent', () => {
  it('is taken by every learner image from the one agent image, next to the boxlab-terminal wrapper', () => {
    for (const image of LEARNER_IMAGES) {
      const text = dockerfileOf(image);
      expect(takesAgent(text), `${image}/Dockerfile declares ARG AGENT_IMAGE`).toBe(true);
      expect(text).toContain('FROM ${AGENT_IMAGE} AS agent');
      expect(text).toContain('COPY --from=agent /boxlab-terminal-agent /usr/local/bin/boxlab-terminal-agent');
      expect(text).toContain('COPY common/boxlab-terminal /usr/local/bin/boxlab-terminal');
    }
  });

  it('is compiled in one Dockerfile only, its own', () => {
    expect(dockerfileOf(AGENT_IMAGE)).toContain('terminal-agent/boxlab-terminal-agent.c');
    const others = readdirSync(IMAGES_DIR).filter((d) => d !== AGENT_IMAGE && existsSync(join(IMAGES_DIR, d, 'Dockerfile')));
    expect(others).toEqual(expect.arrayContaining(LEARNER_IMAGES));
    for (const image of others) expect(dockerfileOf(image), `${image}/Dockerfile`).not.toMatch(/boxlab-terminal-agent\.c|\bgcc\b/);
  });

  it('image is given to learner images as a build argument; the agent is built from its own folder alone', () => {
    for (const image of LEARNER_IMAGES) expect(imageContext(image).buildArgs).toEqual({ AGENT_IMAGE: imageTag(AGENT_IMAGE) });
    expect(imageContext('registry-cache').buildArgs).toEqual({});
    const agent = imageContext(AGENT_IMAGE);
    expect(agent.files.length).toBeGreaterThan(0);
    expect(agent.files.every((f) => f.startsWith(`${AGENT_IMAGE}/`))).toBe(true);
    expect(agent.buildArgs).toEqual({});
  });
});

describe('image tags', () => {
  const copies: string[] = [];
  const copyOfImages = () => {
    const dir = mkdtempSync(join(tmpdir(), 'boxlab-images-'));
    copies.push(dir);
    cpSync(IMAGES_DIR, dir, { recursive: true });
    return dir;
  };
  const tagsIn = (dir: string) => Object.fromEntries([AGENT_IMAGE, 'registry-cache', ...LEARNER_IMAGES].map((i) => [i, imageTag(i, dir)]));
  afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('are those of the images folder the server ships', () => {
    expect(tagsIn(copyOfImages())).toEqual(tagsIn(IMAGES_DIR));
  });

  it('of every learner image change when the agent’s source changes, and only theirs', () => {
    const dir = copyOfImages();
    const before = tagsIn(dir);
    appendFileSync(join(dir, AGENT_IMAGE, 'boxlab-terminal-agent.c'), '\n/* edited */\n');
    const after = tagsIn(dir);
    for (const image of [AGENT_IMAGE, ...LEARNER_IMAGES]) expect(after[image], image).not.toBe(before[image]);
    expect(after['registry-cache']).toBe(before['registry-cache']);
  });

  it('of the agent stay when a file the learner images share changes', () => {
    const dir = copyOfImages();
    const before = tagsIn(dir);
    appendFileSync(join(dir, 'common', 'profile.sh'), '\n# edited\n');
    const after = tagsIn(dir);
    expect(after[AGENT_IMAGE]).toBe(before[AGENT_IMAGE]);
    for (const image of LEARNER_IMAGES) expect(after[image], image).not.toBe(before[image]);
  });
});

describe('ensureImage', () => {
  /** An engine that has the images in `present` and records what it is asked to build. */
  const engineWith = (present: string[]) => {
    const have = new Set(present);
    const built: { tag: string; context: BuildContext }[] = [];
    return {
      built,
      imageExists: async (tag: string) => have.has(tag),
      buildImage: async (context: BuildContext, tag: string) => {
        built.push({ tag, context });
        have.add(tag);
      },
    };
  };
  const quiet = () => undefined;

  it('builds the agent’s image first, then the learner image with its tag', async () => {
    const engine = engineWith([]);
    expect(await ensureImage(engine, 'shell', quiet)).toBe(imageTag('shell'));
    expect(engine.built.map((b) => b.tag)).toEqual([imageTag(AGENT_IMAGE), imageTag('shell')]);
    expect(engine.built[1]!.context.buildArgs).toEqual({ AGENT_IMAGE: imageTag(AGENT_IMAGE) });
    await ensureImage(engine, 'vm', quiet);
    expect(engine.built.map((b) => b.tag)).toEqual([imageTag(AGENT_IMAGE), imageTag('shell'), imageTag('vm')]);
  });

  it('builds nothing when the learner image exists, even without the agent’s image', async () => {
    const engine = engineWith([imageTag('docker')]);
    expect(await ensureImage(engine, 'docker', quiet)).toBe(imageTag('docker'));
    expect(engine.built).toEqual([]);
  });

  it('builds an image that takes no agent without the agent’s image', async () => {
    const engine = engineWith([]);
    await ensureImage(engine, 'registry-cache', quiet);
    expect(engine.built.map((b) => b.tag)).toEqual([imageTag('registry-cache')]);
  });
});
