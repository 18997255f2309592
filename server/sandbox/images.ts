/**
 * Learner images: each profile's Dockerfile folder under server/sandbox/images/<name>/, tagged by a hash
 * of its contents so that an edited Dockerfile gets a new image and an unchanged one is never rebuilt.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxRuntime } from './runtime.ts';

export const IMAGES_DIR = fileURLToPath(new URL('./images/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/**
 * What building `image` sends to the engine: the images/ folder as context, but only common/ and the image's
 * own folder, so images share files (the terminal wrapper) without copies and without rebuilding each other.
 */
export function imageContext(image: string): { dir: string; files: string[]; dockerfile: string } {
  const files = ['common', image].flatMap((sub) => filesUnder(join(IMAGES_DIR, sub))).map((f) => relative(IMAGES_DIR, f));
  return { dir: IMAGES_DIR, files, dockerfile: `${image}/Dockerfile` };
}

export function imageTag(image: string): string {
  const hash = createHash('sha256');
  for (const file of imageContext(image).files) {
    hash.update(file).update('\0').update(readFileSync(join(IMAGES_DIR, file))).update('\0');
  }
  return `boxlab/${image}:${hash.digest('hex').slice(0, 12)}`;
}

/** Build the image if the engine lacks it. Returns its tag. */
export async function ensureImage(
  runtime: SandboxRuntime,
  image: string,
  log: (line: string) => void,
): Promise<string> {
  const tag = imageTag(image);
  if (await runtime.imageExists(tag)) return tag;
  log(`Building learner image ${tag} (first start only; this takes a minute or two)…`);
  const started = Date.now();
  await runtime.buildImage(imageContext(image), tag, (p) => log(`  ${p.line}`));
  log(`Built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tag;
}
