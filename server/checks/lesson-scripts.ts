/**
 * Read an exercise's scripts from the lesson's folder in the repository, as the build's manifest names
 * them. The client only ever sends ids; paths come from the manifest and must stay inside the lesson folder.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { LessonManifest } from '../contracts/manifest.ts';

export type ManifestLesson = LessonManifest['lessons'][number];
export type ManifestExercise = ManifestLesson['exercises'][number];

export class ScriptMissingError extends Error {
  override name = 'ScriptMissingError';
}

/** Absolute path of a lesson script, refusing anything that would leave the lesson folder. */
export function scriptPath(contentRoot: string, lesson: ManifestLesson, script: string): string {
  const dir = resolve(contentRoot, lesson.dir);
  const file = resolve(dir, script);
  const rel = relative(dir, file);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new ScriptMissingError(`${lesson.dir}: script "${script}" is outside the lesson folder`);
  return file;
}

export async function readLessonScript(contentRoot: string, lesson: ManifestLesson, script: string): Promise<string> {
  const file = scriptPath(contentRoot, lesson, script);
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ScriptMissingError(`${lesson.dir}: cannot read script "${script}" (${(err as Error).message})`, { cause: err });
  }
}

/** Lessons by id, for lookups by the API and the setup hook. */
export function lessonIndex(manifest: LessonManifest): Map<string, ManifestLesson> {
  return new Map(manifest.lessons.map((l) => [l.id, l]));
}
