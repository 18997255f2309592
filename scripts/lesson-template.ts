/**
 * What `npm run new:lesson -- <course> <slug>` writes: the folder names (numbered after what exists) and
 * a complete starter lesson with one verified exercise and its cheats. Pure, so it is unit-tested without a disk.
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
  - id: big-file
    title: Make a file of exactly 1 MiB
    check: checks/big-file.sh
    solve: solution/big-file.sh
    hints:
      - head -c N prints the first N bytes of its input, and /dev/zero never runs out of them.
      - head -c 1M /dev/zero > ~/big.bin
---

Explain the idea first, in a few sentences.

<Run command="ls -la ~" />

<Callout type="tip">Everything here happens in your own sandbox: try things.</Callout>

<Exercise id="big-file">
Create a file \`big.bin\` in your home folder that is exactly 1 MiB (1048576 bytes) long.
</Exercise>

<Quiz question="Where does big.bin live?" options={[
  { text: "In your sandbox's home folder", correct: true, explain: "Yes: ~ is /home/learner inside your sandbox." },
  { text: "On the Boxlab server", explain: "No: your commands never run on the server itself." },
]} />
`,
      'setup.sh': `# Runs as the learner in ~ when the sandbox is created, before the first prompt.\nrm -f ~/big.bin\n`,
      'checks/big-file.sh': `# Exit 0 = passed. What it prints is shown to the learner: say what is still missing.
# It judges the file itself (its size), not text a learner could type into it.
[ -f ~/big.bin ] || { echo "There is no ~/big.bin yet."; exit 1; }
size=$(wc -c < ~/big.bin)   # not stat: gVisor (runsc) refuses its statx call
if [ "$size" -eq 1048576 ]; then
  echo "~/big.bin is exactly 1 MiB."
  exit 0
fi
echo "~/big.bin is $size bytes long, not 1048576."
exit 1
`,
      'solution/big-file.sh': `head -c 1M /dev/zero > ~/big.bin\n`,
      // Shortcuts the check must refuse: lesson CI runs each one and then the check (docs/authoring.md, "Cheats").
      'cheats/big-file/echo-size.sh': `# Echo the expected text: the number, not a file of that size.\necho 1048576 > ~/big.bin\n`,
      'cheats/big-file/touch.sh': `# Create the file by name, empty.\ntouch ~/big.bin\n`,
    },
  };
}
