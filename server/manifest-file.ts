/** Reads the lesson manifest the site's build wrote, with an error that says what to do when it is missing. */
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
