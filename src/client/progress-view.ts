/**
 * Ticks from the learner's stored progress: on the course outline (per lesson, plus "continue where you left
 * off") and in a lesson's header (per exercise, plus the reset button). The pages render the structure;
 * this fills in state, so the static HTML stays cacheable for everyone.
 */
import type { ProgressResponse } from '../../server/contracts/api.ts';
import { loadProgress, PROGRESS_EVENT, recordVisit, resetLesson } from './lesson-api.ts';
import { continueTarget, exerciseCount, lessonState, type OutlineLesson } from './progress-summary.ts';

const TICK = { done: '✓', started: '◐', new: '○' } as const;
const SAY = { done: 'completed', started: 'started', new: 'not started' } as const;

function setTick(el: Element, state: keyof typeof TICK): void {
  const tick = el.querySelector('.tick');
  if (tick) tick.textContent = TICK[state];
  const label = el.querySelector('.tick-label');
  if (label) label.textContent = `(${SAY[state]})`;
  (el as HTMLElement).dataset['state'] = state;
}

const outlineLesson = (li: HTMLElement): OutlineLesson => ({
  id: li.dataset['outlineLesson']!,
  exercises: (li.dataset['exercises'] ?? '').split(',').filter(Boolean),
});

/** Each course (module) of the outline: "3 / 7 exercises" and a bar, over the lessons listed in it. */
function courseProgress(progress: ProgressResponse): void {
  for (const box of document.querySelectorAll<HTMLElement>('[data-course-progress]')) {
    const items = [...(box.closest('nav')?.querySelectorAll<HTMLElement>('[data-outline-lesson]') ?? [])];
    const { passed, total } = exerciseCount(items.map(outlineLesson), progress);
    const bar = box.querySelector('progress');
    if (bar) {
      bar.max = total;
      bar.value = passed;
      bar.hidden = false;
    }
    const count = box.querySelector('.course-count');
    if (count) count.textContent = `${passed} / ${total} exercises`;
    box.dataset['state'] = passed === total ? 'done' : passed > 0 ? 'started' : 'new';
  }
}

function outline(progress: ProgressResponse): void {
  const items = [...document.querySelectorAll<HTMLElement>('[data-outline-lesson]')];
  const lessons = items.map(outlineLesson);
  courseProgress(progress);
  lessons.forEach((l, i) => {
    setTick(items[i]!, lessonState(l, progress));
    const count = items[i]!.querySelector('.exercise-count');
    const passed = l.exercises.filter((e) => progress.lessons[l.id]?.passed.includes(e)).length;
    if (count && l.exercises.length) count.textContent = `${passed}/${l.exercises.length} exercises`;
  });
  const target = continueTarget(lessons, progress);
  const banner = document.querySelector<HTMLElement>('[data-continue]');
  const link = items.find((li) => li.dataset['outlineLesson'] === target)?.querySelector('a');
  if (banner && link) {
    const a = banner.querySelector('a')!;
    a.setAttribute('href', link.getAttribute('href') ?? '/');
    a.textContent = link.textContent;
    banner.hidden = false;
  }
}

function lessonHeader(lesson: string, progress: ProgressResponse): void {
  const passed = new Set(progress.lessons[lesson]?.passed ?? []);
  for (const li of document.querySelectorAll<HTMLElement>('[data-header-exercise]')) {
    setTick(li, passed.has(li.dataset['headerExercise']!) ? 'done' : 'new');
  }
  document.addEventListener(PROGRESS_EVENT, (e) => {
    const { exercise } = (e as CustomEvent<{ exercise: string }>).detail;
    const li = document.querySelector(`[data-header-exercise="${CSS.escape(exercise)}"]`);
    if (li) setTick(li, 'done');
  });
  const reset = document.querySelector<HTMLButtonElement>('button[data-action="reset-lesson"]');
  reset?.addEventListener('click', async () => {
    if (reset.dataset['armed'] !== 'true') {
      // Deliberate: a reset throws away the sandbox and everything in it.
      reset.dataset['armed'] = 'true';
      reset.textContent = 'Really reset? Your sandbox and its files are deleted';
      return;
    }
    reset.disabled = true;
    reset.textContent = 'Resetting…';
    await resetLesson(lesson).catch(() => undefined);
    location.reload();
  });
}

const lesson = document.querySelector<HTMLElement>('[data-lesson]')?.dataset['lesson'];
// The visit is recorded before progress is read, so "continue" on the outline sees this lesson.
const visited = lesson ? recordVisit(lesson).catch(() => undefined) : Promise.resolve();
void visited
  .then(() => loadProgress())
  .then((progress) => {
    if (document.querySelector('[data-outline-lesson]')) outline(progress);
    if (lesson) lessonHeader(lesson, progress);
  })
  .catch(() => undefined);
