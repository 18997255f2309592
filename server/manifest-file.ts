/** Reads the lesson manifest the site's build wrote, with an error that says what to do when it is missing. */
import './contracts/english-messages.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestSchema, MANIFEST_PATH, type LessonManifest } from './contracts/manifest.ts';

export function readManifest(siteDir: string): LessonManifest {
  const file = join(siteDir, MANIFEST_PATH);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`No lesson manifest at ${file}. Build the site first: npm run build`);
  }
  const parsed = manifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`The lesson manifest ${file} is invalid (${parsed.error.issues[0]?.message}). Rebuild: npm run build`);
  return parsed.data;
}

/**
 * The site's links carry the base path it was built with: served under another, every page and asset would be a
 * 404 with no error anywhere. Returns the sentence to stop with, or undefined when they agree.
 */
export function basePathMismatch(manifest: LessonManifest, serverBasePath: string): string | undefined {
  const built = manifest.basePath ?? '';
  if (built === serverBasePath) return undefined;
  const show = (b: string) => (b === '' ? 'the root (BOXLAB_BASE_PATH unset)' : `BOXLAB_BASE_PATH=${b}`);
  return `The site was built for ${show(built)} but the server is set to ${show(serverBasePath)}: rebuild with the server's setting (BOXLAB_BASE_PATH=${serverBasePath} npm run build), or set BOXLAB_BASE_PATH to what the site was built with.`;
}
