/**
 * What `npm run new:lesson -- <course> <slug>` writes: the folder names (numbered after what exists) and
 * a complete starter lesson with one verified exercise. Pure, so it is unit-tested without a disk.
 */
export interface LessonPlan {
  /** Folder of the new lesson, relative to the content root. */
  dir: string;
  files: Record<string, string>;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const number = (n: number) => String(n).padStart(2, '0');
const stripNumber = (name: string) => name.replace(/^\d+-/, '');
const nextNumber = (names: string[]) => Math.max(0, ...names.map((n) => Number(/^(\d+)-/.exec(n)?.[1] ?? 0))) + 1;

export function planLesson(courseDirs: string[], lessonDirsOf: (courseDir: string) => string[], course: string, slug: string): LessonPlan {
  if (!SLUG.test(stripNumber(course))) throw new Error(`Course "${course}": use lowercase letters, digits and dashes (e.g. containers or 01-containers).`);
  if (!SLUG.test(slug)) throw new Error(`Lesson "${slug}": use lowercase letters, digits and dashes (e.g. my-first-lesson).`);
  const courseDir = courseDirs.find((d) => d === course || stripNumber(d) === stripNumber(course)) ?? `${number(nextNumber(courseDirs))}-${stripNumber(course)}`;
  const lessons = courseDirs.includes(courseDir) ? lessonDirsOf(courseDir) : [];
  if (lessons.some((d) => stripNumber(d) === slug)) throw new Error(`The course ${courseDir} already has a lesson "${slug}".`);
  const dir = `${courseDir}/${number(nextNumber(lessons))}-${slug}`;
  const title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return {
    dir,
    files: {
      'index.mdx': `---
title: ${title}
summary: One sentence that says what the learner will be able to do.
minutes: 10
profile: shell
setup: setup.sh
exercises:
  - id: make-notes
    title: Write a notes file
    check: checks/make-notes.sh
    solve: solution/make-notes.sh
    hints:
      - The echo command prints its arguments; > sends them to a file.
      - echo containers > ~/notes.txt
---

Explain the idea first, in a few sentences.

<Run command="ls -la ~" />

<Callout type="tip">Everything here happens in your own sandbox: try things.</Callout>

<Exercise id="make-notes">
Create a file \`notes.txt\` in your home folder that contains the word \`containers\`.
</Exercise>

<Quiz question="Where does notes.txt live?" options={[
  { text: "In your sandbox's home folder", correct: true, explain: "Yes: ~ is /home/learner inside your sandbox." },
  { text: "On the Boxlab server", explain: "No: your commands never run on the server itself." },
]} />
`,
      'setup.sh': `# Runs as the learner in ~ when the sandbox is created, before the first prompt.\nrm -f ~/notes.txt\n`,
      'checks/make-notes.sh': `# Exit 0 = passed. What it prints is shown to the learner: say what is still missing.
if grep -qx containers ~/notes.txt 2>/dev/null; then
  echo "notes.txt says containers."
  exit 0
fi
[ -e ~/notes.txt ] && echo "~/notes.txt exists but does not contain the line: containers" || echo "There is no ~/notes.txt yet."
exit 1
`,
      'solution/make-notes.sh': `echo containers > ~/notes.txt\n`,
    },
  };
}
