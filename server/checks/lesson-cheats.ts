/**
 * A lesson's cheats: `cheats/<exercise-id>/*.sh` in its folder, each a plausible shortcut (echo the expected
 * text, create the file or container by name, copy the answer from where it lies) that must leave the
 * exercise's check failing. Lesson CI runs them (lesson-ci.ts); learners never see them.
 */
import { readdir } from 'node:fs/promises';
import { scriptPath, type ManifestLesson } from './lesson-scripts.ts';

export const CHEATS_DIR = 'cheats';

export interface LessonCheats {
  /** Exercise id → its cheat scripts (paths relative to the lesson folder), in name order. */
  byExercise: Map<string, string[]>;
  /** What lies directly under cheats/ but belongs to no exercise of the lesson (a typo in a folder name, a loose file). */
  strays: string[];
}

const entries = async (dir: string) => {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
};

export async function lessonCheats(contentRoot: string, lesson: ManifestLesson): Promise<LessonCheats> {
  const ids = new Set(lesson.exercises.map((e) => e.id));
  const byExercise = new Map<string, string[]>();
  const strays: string[] = [];
  for (const entry of await entries(scriptPath(contentRoot, lesson, CHEATS_DIR))) {
    const rel = `${CHEATS_DIR}/${entry.name}`;
    if (!entry.isDirectory() || !ids.has(entry.name)) {
      strays.push(entry.isDirectory() ? `${rel}/` : rel);
      continue;
    }
    const files = await entries(scriptPath(contentRoot, lesson, rel));
    byExercise.set(entry.name, files.filter((f) => f.isFile() && f.name.endsWith('.sh')).map((f) => `${rel}/${f.name}`).sort());
  }
  return { byExercise, strays };
}
