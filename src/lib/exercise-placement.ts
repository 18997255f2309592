/**
 * Which exercises a lesson's text places with `<Exercise id="…">`. The lesson page lists the others at the
 * end, so an exercise that is only in the frontmatter is still there to check. Pure: reads the MDX source.
 */
const EXERCISE_TAG = /<Exercise\b[^>]*?\bid\s*=\s*(?:"([^"]+)"|'([^']+)'|\{\s*["']([^"']+)["']\s*\})/g;

export function placedExerciseIds(mdxSource: string): Set<string> {
  const ids = new Set<string>();
  for (const m of mdxSource.matchAll(EXERCISE_TAG)) ids.add((m[1] ?? m[2] ?? m[3])!);
  return ids;
}
