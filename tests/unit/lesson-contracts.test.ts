import '../../server/contracts/english-messages.ts';
import { describe, expect, it } from 'vitest';
import { checkUrl, exerciseParamsSchema } from '../../server/contracts/api.ts';
import { lessonFrontmatterSchema } from '../../server/contracts/lesson.ts';
import { manifestSchema } from '../../server/contracts/manifest.ts';
import { missingScripts, scriptsError } from '../../src/lib/lesson-files.ts';
import { courseTitle, lessonIdFromEntry } from '../../src/lib/lesson-id.ts';
import { placedExerciseIds } from '../../src/lib/exercise-placement.ts';

const good = {
  title: 'T',
  summary: 'S',
  minutes: 5,
  exercises: [{ id: 'make-file', title: 'Make it', check: 'checks/make-file.sh', solve: 'solution/make-file.sh' }],
};
const issuesOf = (data: unknown) => {
  const r = lessonFrontmatterSchema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('lesson frontmatter schema', () => {
  it('accepts a complete lesson and fills defaults', () => {
    const r = lessonFrontmatterSchema.parse(good);
    expect(r.profile).toBe('shell');
    expect(r.exercises[0]!.hints).toEqual([]);
  });

  it('takes the runtimes a lesson works under, names of OCI runtimes, or none (any)', () => {
    expect(lessonFrontmatterSchema.parse(good).runtimes).toBeUndefined();
    expect(lessonFrontmatterSchema.parse({ ...good, runtimes: ['runc'] }).runtimes).toEqual(['runc']);
    expect(issuesOf({ ...good, runtimes: [] })).toEqual([{ path: 'runtimes', message: expect.stringMatching(/>=1|at least/i) }]);
    expect(issuesOf({ ...good, runtimes: ['run c'] })).toEqual([{ path: 'runtimes.0', message: expect.stringMatching(/OCI runtime name/) }]);
  });

  it('names the field of each error', () => {
    expect(issuesOf({ ...good, minutes: 'ten' })).toEqual([{ path: 'minutes', message: expect.stringMatching(/number/) }]);
    expect(issuesOf({ ...good, profile: 'root' })[0]!.path).toBe('profile');
    expect(issuesOf({ ...good, title: undefined })[0]!.path).toBe('title');
    expect(issuesOf({ ...good, exercises: [{ ...good.exercises[0], id: 'Bad Id' }] })[0]!.path).toBe('exercises.0.id');
  });

  it('keeps script paths inside the lesson folder', () => {
    for (const bad of ['../../etc/passwd', '/etc/passwd', 'checks/../../x.sh', 'a b.sh']) {
      expect(issuesOf({ ...good, exercises: [{ ...good.exercises[0], check: bad }] }), bad).toEqual([
        { path: 'exercises.0.check', message: expect.stringMatching(/relative to the lesson folder/) },
      ]);
    }
    expect(issuesOf({ ...good, setup: '../setup.sh' })[0]!.path).toBe('setup');
    expect(issuesOf({ ...good, setup: 'scripts/setup-1.sh' })).toEqual([]);
  });

  it('rejects duplicate exercise ids, pointing at the second', () => {
    const issues = issuesOf({ ...good, exercises: [good.exercises[0], good.exercises[0]] });
    expect(issues).toEqual([{ path: 'exercises.1.id', message: 'duplicate exercise id "make-file": ids must be unique in a lesson' }]);
  });
});

describe('lesson scripts on disk', () => {
  it('lists every missing script with its field', () => {
    const problems = missingScripts({ setup: 'setup.sh', exercises: [{ id: 'a', check: 'checks/a.sh', solve: 'solution/a.sh' }] }, (f) => f === 'checks/a.sh');
    expect(problems).toEqual(['setup: file "setup.sh" does not exist', 'exercises[0].solve (exercise "a"): file "solution/a.sh" does not exist']);
    expect(scriptsError('content/x/index.mdx', problems).message).toMatch(/^Lesson content\/x\/index\.mdx names scripts that are missing/);
  });
});

describe('lesson ids and the manifest', () => {
  it('drops order numbers and the content root from ids', () => {
    const roots = ['content', 'tests/fixtures/lessons'];
    expect(lessonIdFromEntry('content/01-containers/02-vs-vms/index.mdx', roots)).toBe('containers/vs-vms');
    expect(lessonIdFromEntry('tests/fixtures/lessons/99-fixtures/01-checks/index.mdx', roots)).toBe('fixtures/checks');
    expect(courseTitle('first-steps')).toBe('First steps');
  });

  it('validates the manifest the build writes', () => {
    const manifest = { version: 1, basePath: '', lessons: [{ id: 'a/b', title: 'B', profile: 'shell', network: 'none', dir: 'content/01-a/01-b', exercises: [{ id: 'x', title: 'X', check: 'c.sh', solve: 's.sh' }] }] };
    expect(manifestSchema.parse(manifest)).toEqual(manifest);
    expect(manifestSchema.safeParse({ ...manifest, version: 2 }).success).toBe(false);
    expect(manifestSchema.safeParse({ version: 1, lessons: [{ id: 'a' }] }).success).toBe(false);
  });

  it('puts the lesson id in one URL segment and validates route params', () => {
    expect(checkUrl('containers/what-is', 'make-file')).toBe('/api/lessons/containers%2Fwhat-is/exercises/make-file/check');
    expect(exerciseParamsSchema.safeParse({ lesson: 'containers/what-is', exercise: 'make-file' }).success).toBe(true);
    expect(exerciseParamsSchema.safeParse({ lesson: '../etc', exercise: 'x' }).success).toBe(false);
    expect(exerciseParamsSchema.safeParse({ lesson: 'a', exercise: 'X Y' }).success).toBe(false);
  });
});

describe('exercise placement', () => {
  it('finds the ids the text places, in any attribute quoting', () => {
    const mdx = `Text <Exercise id="a">x</Exercise>\n<Exercise\n  id='b' />\n<Exercise id={"c"}>y</Exercise>\n\`<Exerciser id="d">\``;
    expect([...placedExerciseIds(mdx)]).toEqual(['a', 'b', 'c']);
    expect(placedExerciseIds('no exercises here').size).toBe(0);
  });
});
