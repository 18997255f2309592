/**
 * The scripts a lesson's frontmatter names must exist beside it, or the build fails naming the lesson
 * file, the field and the missing file. Pure: the caller says which files exist.
 */
export interface LessonScripts {
  setup?: string | undefined;
  exercises: { id: string; check: string; solve: string }[];
}

export function missingScripts(data: LessonScripts, exists: (relative: string) => boolean): string[] {
  const problems: string[] = [];
  if (data.setup && !exists(data.setup)) problems.push(`setup: file "${data.setup}" does not exist`);
  data.exercises.forEach((e, i) => {
    for (const field of ['check', 'solve'] as const) {
      if (!exists(e[field])) problems.push(`exercises[${i}].${field} (exercise "${e.id}"): file "${e[field]}" does not exist`);
    }
  });
  return problems;
}

export function scriptsError(file: string, problems: string[]): Error {
  return new Error(
    `Lesson ${file} names scripts that are missing:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      'Paths are relative to the lesson folder. Create the files or fix the frontmatter (see docs/authoring.md).',
  );
}
