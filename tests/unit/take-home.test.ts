/**
 * Take it home, without an engine: the recipe read from the real image definitions, the Dockerfile and README made
 * from it, which nested images count as the learner's, and the tar pieces (an entry made here, a tar's entries
 * without its end marker, the size cap), checked against GNU tar.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGES_DIR } from '../../server/sandbox/images.ts';
import { endOfArchive, fileEntry, tarEntries, TarTooLarge } from '../../server/sandbox/tar-pieces.ts';
import { imageRecipe, learnerBuiltImages, takeHomeDockerfile, takeHomeReadme, type TakeHomeFacts } from '../../server/sandbox/take-home-recipe.ts';

const recipeOf = (image: string) => imageRecipe(readFileSync(join(IMAGES_DIR, image, 'Dockerfile'), 'utf8'));

describe('the recipe, from the profile image definitions', () => {
  it('takes the final stage base and every apt-get install package, not the build stages', () => {
    const shell = recipeOf('shell');
    expect(shell.base).toBe('debian:bookworm-slim');
    expect(shell.packages).toEqual(expect.arrayContaining(['bash', 'procps', 'curl', 'python3', 'busybox']));
    const docker = recipeOf('docker');
    expect(docker.packages).toEqual(expect.arrayContaining(['docker.io', 'docker-compose', 'skopeo', 'openssh-client']));
    // Packages only build stages install (the practice images', the registry seeding's) are not the environment's.
    expect(docker.packages).not.toContain('busybox-static');
    expect(docker.packages).not.toContain('redis-server');
    expect(recipeOf('vm').packages).toEqual(expect.arrayContaining(['qemu-system-x86', 'qemu-utils']));
    for (const p of [...shell.packages, ...docker.packages]) expect(p).toMatch(/^[a-z0-9][a-z0-9+.-]*$/);
  });

  it('refuses a definition it cannot read a base from', () => {
    expect(() => imageRecipe('RUN true')).toThrow(/no FROM/);
    expect(() => imageRecipe('ARG B\nFROM ${B}')).toThrow(/build argument/);
  });

  it('writes a Dockerfile with the base, the packages as a build argument, the home folder, and a README that says how', () => {
    const facts: TakeHomeFacts = { recipe: recipeOf('docker'), profile: 'docker', lessonId: 'images/build', lessonTitle: 'Build an image', images: ['hello:1'], madeAt: '2026-01-01T00:00:00.000Z' };
    const dockerfile = takeHomeDockerfile(facts);
    expect(dockerfile).toMatch(/^FROM debian:bookworm-slim$/m);
    expect(dockerfile).toContain(`ARG PACKAGES="${facts.recipe.packages.join(' ')}"`);
    expect(dockerfile).toMatch(/^COPY --chown=1000:1000 learner\/ \/home\/learner\/$/m);
    const readme = takeHomeReadme(facts);
    expect(readme).toContain('docker build --build-arg PACKAGES= -t my-boxlab-lesson .');
    expect(readme).toContain('docker load -i boxlab-images.tar');
    expect(readme).toContain('`hello:1`');
    expect(takeHomeReadme({ ...facts, profile: 'shell', images: [] })).not.toContain('docker load');
  });
});

it('counts as the learner\'s the tagged images that came from no registry', () => {
  const listed = ['7000 1 busybox:latest', '1200 0 hello:1,hello:latest', '900 0 ', '500 0 <none>:<none>', '300 0 hello:1', 'garbage'].join('\n');
  expect(learnerBuiltImages(listed)).toEqual({ names: ['hello:1', 'hello:latest'], bytes: 1200 });
  expect(learnerBuiltImages('')).toEqual({ names: [], bytes: 0 });
});

describe('tar pieces', () => {
  async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const p of source) parts.push(p);
    return Buffer.concat(parts);
  }
  /** A tar GNU tar made of a folder with a file of zeros (which must not pass for the end marker) and a long name. */
  function gnuTar(): Buffer {
    const dir = mkdtempSync(join(tmpdir(), 'boxlab-tar-'));
    execFileSync('mkdir', ['-p', join(dir, 'learner', 'a'.repeat(120))]);
    writeFileSync(join(dir, 'learner', 'zeros.bin'), Buffer.alloc(4096));
    writeFileSync(join(dir, 'learner', 'a'.repeat(120), 'note.txt'), 'hello\n');
    return execFileSync('tar', ['-C', dir, '--format=posix', '-cf', '-', 'learner']);
  }
  async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }

  it('joins entries made here and a tar from elsewhere into one archive GNU tar reads whole', async () => {
    const inner = gnuTar();
    for (const chunk of [1, 333, 512, 100_000]) {
      const body = await collect(tarEntries(chunks(inner, chunk), 1 << 20));
      const archive = Buffer.concat([fileEntry('README.md', 'read me\n', 1_700_000_000), body, endOfArchive()]);
      const listed = execFileSync('tar', ['-tf', '-'], { input: archive }).toString().trim().split('\n').sort();
      expect(listed).toEqual(['README.md', 'learner/', `learner/${'a'.repeat(120)}/`, `learner/${'a'.repeat(120)}/note.txt`, 'learner/zeros.bin']);
      const out = mkdtempSync(join(tmpdir(), 'boxlab-untar-'));
      execFileSync('tar', ['-xf', '-', '-C', out], { input: archive });
      expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('read me\n');
      expect(readFileSync(join(out, 'learner', 'zeros.bin')).length).toBe(4096);
      expect(readFileSync(join(out, 'learner', 'a'.repeat(120), 'note.txt'), 'utf8')).toBe('hello\n');
    }
  });

  it('stops past its byte cap, and refuses a tar cut short', async () => {
    const inner = gnuTar();
    await expect(collect(tarEntries(chunks(inner, 4096), 2048))).rejects.toBeInstanceOf(TarTooLarge);
    await expect(collect(tarEntries(chunks(inner.subarray(0, 1536 + 100), 512), 1 << 20))).rejects.toThrow(/middle of an entry/);
    await expect(collect(tarEntries(chunks(inner.subarray(0, 1536), 512), 1 << 20))).rejects.toThrow(/before its end marker/);
  });
});
