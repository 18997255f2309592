/** `npm run test:lessons -- <lesson-id-prefix>…`: the lessons lesson CI runs. Pure. */
import type { LessonManifest } from '../contracts/manifest.ts';

/** The manifest's lessons whose id starts with one of `prefixes` (all of them when none is given), in course order. */
export function selectLessons(manifest: LessonManifest, prefixes: string[]): LessonManifest {
  if (prefixes.length === 0) return manifest;
  const unmatched = prefixes.filter((p) => !manifest.lessons.some((l) => l.id.startsWith(p)));
  if (unmatched.length) {
    const ids = manifest.lessons.map((l) => `  ${l.id}`).join('\n');
    throw new Error(`No lesson id starts with ${unmatched.map((p) => `"${p}"`).join(', ')}. The lessons are:\n${ids}`);
  }
  return { ...manifest, lessons: manifest.lessons.filter((l) => prefixes.some((p) => l.id.startsWith(p))) };
}
