import { describe, expect, it } from 'vitest';
import { exerciseCount, lessonComplete } from '../../src/client/progress-summary.ts';

describe('course progress', () => {
  const lessons = [
    { id: 'c/one', exercises: ['a', 'b'] },
    { id: 'c/two', exercises: [] },
    { id: 'c/three', exercises: ['z'] },
  ];

  it('counts the passed exercises of a module out of all of them', () => {
    expect(exerciseCount(lessons, { lessons: {} })).toEqual({ passed: 0, total: 3 });
    expect(exerciseCount(lessons, { lessons: { 'c/one': { passed: ['b'], visitedAt: 1 }, 'c/three': { passed: ['z'] } } })).toEqual({ passed: 2, total: 3 });
    expect(exerciseCount([], { lessons: {} })).toEqual({ passed: 0, total: 0 });
  });

  it('ignores passes stored for exercises a lesson no longer has, and other lessons', () => {
    const p = { lessons: { 'c/one': { passed: ['a', 'gone'] }, 'other/x': { passed: ['a', 'b'] } } };
    expect(exerciseCount(lessons, p)).toEqual({ passed: 1, total: 3 });
  });

  it('calls a lesson complete only when every one of its exercises passed', () => {
    expect(lessonComplete(['a', 'b'], new Set(['a']))).toBe(false);
    expect(lessonComplete(['a', 'b'], new Set(['b', 'a', 'x']))).toBe(true);
    expect(lessonComplete([], new Set(['a']))).toBe(false);
  });
});
