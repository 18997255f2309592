/**
 * The create form's lessons: a whole course, or lessons chosen one by one and put in order with Up, Down and Remove
 * buttons (keyboard usable; focus stays on the lesson that moved).
 */
import { lessonTitle } from './workshop-lessons.ts';

export interface LessonPicker {
  /** The lessons in order, or an empty list when none is chosen. */
  lessons(): string[];
}

export function lessonPicker(form: HTMLFormElement): LessonPicker {
  const modeRoots = [...form.querySelectorAll<HTMLElement>('[data-lesson-mode]')];
  const mode = () => (form.elements.namedItem('lessonMode') as RadioNodeList).value;
  const course = form.elements.namedItem('course') as HTMLSelectElement;
  const adder = form.querySelector<HTMLSelectElement>('#create-add-lesson')!;
  const list = form.querySelector<HTMLOListElement>('[data-chosen]')!;
  const empty = form.querySelector<HTMLElement>('[data-chosen-empty]')!;
  const chosen: string[] = [];

  const button = (label: string, name: string, act: () => void, disabled = false) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = label;
    b.setAttribute('aria-label', name);
    b.dataset['act'] = label;
    b.disabled = disabled;
    b.addEventListener('click', act);
    return b;
  };
  const render = (focus?: { lesson: string; act: string }) => {
    list.replaceChildren(
      ...chosen.map((id, i) => {
        const li = document.createElement('li');
        li.dataset['lesson'] = id;
        const title = lessonTitle(id);
        const move = (to: number) => () => {
          chosen.splice(i, 1);
          chosen.splice(to, 0, id);
          render({ lesson: id, act: to < i ? 'Up' : 'Down' });
        };
        li.append(
          title,
          button('Up', `Move ${title} up`, move(i - 1), i === 0),
          button('Down', `Move ${title} down`, move(i + 1), i === chosen.length - 1),
          button('Remove', `Remove ${title}`, () => {
            chosen.splice(i, 1);
            render();
            adder.focus();
          }),
        );
        return li;
      }),
    );
    empty.hidden = chosen.length > 0;
    if (focus) {
      const li = list.querySelector<HTMLElement>(`li[data-lesson="${CSS.escape(focus.lesson)}"]`);
      // At the top or bottom the button pressed is disabled now: the other one keeps the focus in the row.
      const target = [...(li?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.dataset['act'] === focus.act && !b.disabled) ?? li?.querySelector<HTMLButtonElement>('button:not(:disabled)');
      target?.focus();
    }
  };
  form.querySelector('[data-add-lesson]')!.addEventListener('click', () => {
    if (adder.value && !chosen.includes(adder.value)) chosen.push(adder.value);
    render();
  });
  const showMode = () => modeRoots.forEach((r) => (r.hidden = r.dataset['lessonMode'] !== mode()));
  form.querySelectorAll('input[name="lessonMode"]').forEach((r) => r.addEventListener('change', showMode));
  showMode();
  render();

  return {
    lessons: () => (mode() === 'course' ? (course.selectedOptions[0]?.dataset['lessons'] ?? '').split(',').filter(Boolean) : [...chosen]),
  };
}
