/**
 * The banner of a learner in a workshop: its title and a countdown to its end, the instructor's messages as they
 * come (server-sent events: `message`, `ended`), and "your instructor is watching" while any terminal on the page
 * is watched (the terminal's `notice` frames, see workshop-watched.ts). Loaded only for learners in a workshop.
 */
import type { LearnerWorkshopView } from '../../server/contracts/workshop.ts';
import { workshopUrls } from '../../server/contracts/workshop.ts';
import { clockTime, endsInText } from './workshop-time.ts';
import { WATCHED_EVENT } from './workshop-watched.ts';
import { withBase } from '../lib/base-path.ts';

type Message = LearnerWorkshopView['messages'][number];

export function showWorkshopBanner(banner: HTMLElement, view: LearnerWorkshopView): void {
  const part = (name: string) => banner.querySelector<HTMLElement>(`.workshop-banner-${name}`)!;
  const [title, ends, watched, message] = [part('title'), part('ends'), part('watched'), part('message')];
  title.textContent = `Workshop: ${view.title}`;
  let state = view.state;

  const showEnd = () => {
    // Past its end a workshop is over, whether or not the instructor ended it.
    if (Date.now() >= view.endsAt) state = 'ended';
    banner.dataset['state'] = state;
    ends.textContent = state === 'ended' ? 'has ended' : endsInText(view.endsAt, Date.now());
  };
  const showMessage = (m: Message) => {
    message.textContent = `Instructor, ${clockTime(m.at)}: ${m.text}`;
    message.title = m.text;
  };
  const showWatched = () => {
    const watchedTerminals = [...document.querySelectorAll<HTMLElement>('[data-watchers]')].filter((t) => Number(t.dataset['watchers']) > 0);
    watched.hidden = state === 'ended' || watchedTerminals.length === 0;
  };

  const last = view.messages.at(-1);
  if (last) showMessage(last);
  showEnd();
  showWatched();
  banner.hidden = false;
  if (state === 'ended') return;

  const clock = setInterval(showEnd, 1000);
  document.addEventListener(WATCHED_EVENT, showWatched);
  const events = new EventSource(withBase(workshopUrls.mineEvents));
  events.addEventListener('message', (e) => showMessage(JSON.parse((e as MessageEvent<string>).data) as Message));
  events.addEventListener('ended', () => {
    state = 'ended';
    events.close();
    clearInterval(clock);
    showEnd();
    showWatched();
    message.textContent = 'Your instructor ended the workshop. Thank you for taking part!';
    message.title = '';
  });
}
