/**
 * The way on from a lesson: once every exercise of the page's lesson has passed (earlier, or just now), show
 * its "All exercises passed. Next: …" notice and mark the pager's next link as the thing to do. The page
 * renders both, hidden; this only decides when, from /api/progress and the exercises' pass events.
 */
import { loadProgress, PROGRESS_EVENT } from './lesson-api.ts';
import { lessonComplete } from './progress-summary.ts';

const notice = document.querySelector<HTMLElement>('[data-lesson-complete]');
const lesson = document.querySelector<HTMLElement>('[data-lesson]')?.dataset['lesson'];

if (notice && lesson) {
  const exercises = [...document.querySelectorAll<HTMLElement>('[data-header-exercise]')].map((li) => li.dataset['headerExercise']!);
  const passed = new Set<string>();
  const update = () => {
    if (!lessonComplete(exercises, passed) || !notice.hidden) return;
    notice.hidden = false;
    document.querySelector<HTMLElement>('.pager')?.setAttribute('data-lesson-done', 'true');
  };
  document.addEventListener(PROGRESS_EVENT, (e) => {
    const detail = (e as CustomEvent<{ lesson: string; exercise: string }>).detail;
    if (detail.lesson !== lesson) return;
    passed.add(detail.exercise);
    update();
  });
  loadProgress()
    .then((progress) => {
      for (const id of progress.lessons[lesson]?.passed ?? []) passed.add(id);
      update();
    })
    .catch(() => undefined);
}
