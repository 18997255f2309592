/**
 * Learner images: each profile's Dockerfile folder under server/sandbox/images/<name>/, tagged by a hash of what
 * its build is given (files and build arguments), so that an edited Dockerfile gets a new image and an unchanged
 * one is never rebuilt.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildContext, SandboxRuntime } from './runtime.ts';

export const IMAGES_DIR = fileURLToPath(new URL('./images/', import.meta.url));

/**
 * The image that compiles the terminal agent, once for all learner images. A Dockerfile that declares
 * `ARG AGENT_IMAGE` is given this image's tag in it and copies the agent from its `FROM ${AGENT_IMAGE} AS agent`.
 */
export const AGENT_IMAGE = 'terminal-agent';

/** Whether a Dockerfile takes the terminal agent, i.e. declares the build argument AGENT_IMAGE. */
export function takesAgent(dockerfile: string): boolean {
  return /^ARG AGENT_IMAGE\s*$/m.test(dockerfile);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/**
 * What building `image` sends to the engine: the images/ folder as context, but only the image's own folder and
 * common/ (the terminal wrapper, the shell profile), so images share files without copies and without rebuilding
 * each other. The agent's image gets its own folder only: a change in common/ does not recompile it.
 * `dir` is the images folder (a copy of it, in tests).
 */
export function imageContext(image: string, dir: string = IMAGES_DIR): Required<BuildContext> {
  const folders = image === AGENT_IMAGE ? [image] : ['common', image];
  const files = folders.flatMap((sub) => filesUnder(join(dir, sub))).map((f) => relative(dir, f));
  const dockerfile = `${image}/Dockerfile`;
  const buildArgs: Record<string, string> = takesAgent(readFileSync(join(dir, dockerfile), 'utf8')) ? { AGENT_IMAGE: imageTag(AGENT_IMAGE, dir) } : {};
  return { dir, files, dockerfile, buildArgs };
}

/** `boxlab/<image>:<hash>`: the hash covers the context's files and the build arguments (so the agent's source too). */
export function imageTag(image: string, dir: string = IMAGES_DIR): string {
  const { files, buildArgs } = imageContext(image, dir);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
  }
  for (const [name, value] of Object.entries(buildArgs).sort()) {
    hash.update(`--build-arg ${name}=${value}`).update('\0');
  }
  return `boxlab/${image}:${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Where the build's progress goes: a line a person reads, and fields a log collector searches (the server's logger
 * takes both, log.ts `progressTo`; a plain `(line) => …` takes the lines).
 */
export type ProgressLog = (line: string, fields?: Record<string, unknown>) => void;

/** Build the image if the engine lacks it (and first the agent's image, when it takes the agent). Returns its tag. */
export async function ensureImage(runtime: Pick<SandboxRuntime, 'imageExists' | 'buildImage'>, image: string, log: ProgressLog): Promise<string> {
  const tag = imageTag(image);
  if (await runtime.imageExists(tag)) return tag;
  const context = imageContext(image);
  if (context.buildArgs['AGENT_IMAGE']) await ensureImage(runtime, AGENT_IMAGE, log);
  log(`Building image ${tag} (first start only; this takes a minute or two)…`, { image, tag });
  const started = Date.now();
  await runtime.buildImage(context, tag, (p) => log(`  ${p.line}`, { image }));
  const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
  log(`Built ${tag} in ${seconds} s`, { image, tag, seconds });
  return tag;
}
