import { describe, expect, it } from 'vitest';
import { continueTarget, lessonState } from '../../src/client/progress-summary.ts';
import { planLesson } from '../../scripts/lesson-template.ts';
import { migrations } from '../../server/store/migrations.ts';
import { openSqliteStore } from '../../server/store/sqlite-progress-store.ts';

describe('sqlite progress store', () => {
  it('records visits and passes per learner, keeps the first pass, resets one lesson', () => {
    const store = openSqliteStore(':memory:');
    store.markVisited('l1', 'a/one', 100);
    store.markVisited('l1', 'a/two', 200);
    store.markPassed('l1', 'a/one', 'x', 150);
    store.markPassed('l1', 'a/one', 'x', 300);
    store.markPassed('l1', 'a/one', 'y', 160);
    store.markPassed('l2', 'a/one', 'x', 170);
    expect(store.progress('l1')).toEqual({
      lastLesson: 'a/two',
      lessons: { 'a/one': { visitedAt: 100, passed: ['x', 'y'] }, 'a/two': { visitedAt: 200, passed: [] } },
    });
    store.resetLesson('l1', 'a/one');
    expect(store.progress('l1').lessons['a/one']).toBeUndefined();
    expect(store.progress('l2').lessons['a/one']!.passed).toEqual(['x']);
    expect(store.progress('nobody')).toEqual({ lessons: {} });
    store.close();
  });

  it('keeps when a learner came to the lesson they are on across reloads; coming back from another moves it', () => {
    const store = openSqliteStore(':memory:');
    store.markVisited('l1', 'a/one', 100);
    store.markVisited('l1', 'a/one', 150);
    expect(store.progress('l1').lessons['a/one']!.visitedAt).toBe(100);
    store.markVisited('l1', 'a/two', 200);
    store.markVisited('l1', 'a/two', 250);
    store.markVisited('l1', 'a/one', 300);
    expect(store.progress('l1')).toMatchObject({ lastLesson: 'a/one', lessons: { 'a/one': { visitedAt: 300 }, 'a/two': { visitedAt: 200 } } });
    // Another learner's visits are theirs.
    store.markVisited('l2', 'a/one', 400);
    store.markVisited('l1', 'a/one', 500);
    expect(store.progress('l1').lessons['a/one']!.visitedAt).toBe(300);
    store.close();
  });

  it('has append-only migrations applied once', () => {
    expect(migrations.length).toBeGreaterThan(0);
    const store = openSqliteStore(':memory:');
    store.close();
  });
});

describe('progress summary', () => {
  const outline = [
    { id: 'c/one', exercises: ['a', 'b'] },
    { id: 'c/two', exercises: [] },
    { id: 'c/three', exercises: ['z'] },
  ];
  it('says done, started or new', () => {
    const p = { lessons: { 'c/one': { passed: ['a'], visitedAt: 1 }, 'c/two': { visitedAt: 2, passed: [] } } };
    expect(outline.map((l) => lessonState(l, p))).toEqual(['started', 'done', 'new']);
    expect(lessonState(outline[0]!, { lessons: { 'c/one': { passed: ['b', 'a'] } } })).toBe('done');
  });
  it('continues at the last lesson while unfinished, else at the next unfinished one', () => {
    expect(continueTarget(outline, { lessons: {} })).toBeUndefined();
    expect(continueTarget(outline, { lastLesson: 'c/one', lessons: { 'c/one': { passed: ['a'], visitedAt: 1 } } })).toBe('c/one');
    const doneOne = { 'c/one': { passed: ['a', 'b'], visitedAt: 1 } };
    expect(continueTarget(outline, { lastLesson: 'c/one', lessons: doneOne })).toBe('c/two');
    expect(continueTarget(outline, { lastLesson: 'c/three', lessons: { ...doneOne, 'c/two': { visitedAt: 1, passed: [] }, 'c/three': { passed: ['z'] } } })).toBeUndefined();
  });
});

describe('new:lesson scaffolding', () => {
  it('numbers the lesson after the existing ones in the course', () => {
    const plan = planLesson(['01-containers'], () => ['01-what-is-a-container', '02-vs-vms'], 'containers', 'namespaces');
    expect(plan.dir).toBe('01-containers/03-namespaces');
    expect(Object.keys(plan.files).sort()).toEqual(['cheats/big-file/echo-size.sh', 'cheats/big-file/touch.sh', 'checks/big-file.sh', 'index.mdx', 'setup.sh', 'solution/big-file.sh']);
    expect(plan.files['index.mdx']).toMatch(/^---\ntitle: Namespaces\n/);
  });
  it('creates a new numbered course, and refuses duplicates and bad names', () => {
    expect(planLesson(['01-containers'], () => [], 'networking', 'ports').dir).toBe('02-networking/01-ports');
    expect(() => planLesson(['01-containers'], () => ['01-x'], 'containers', 'x')).toThrow(/already has a lesson "x"/);
    expect(() => planLesson([], () => [], 'containers', 'Bad Slug')).toThrow(/lowercase/);
  });
});
