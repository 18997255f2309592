/**
 * The workshop API as a benchmark uses it, over loopback HTTP only (the documented routes of
 * server/contracts/workshop.ts): an instructor's sign-in, JSON calls with the cookie and the site's Origin a browser
 * sends, and the live grid's server-sent events with the time each grid arrived.
 */
import { workshopUrls, type WorkshopGrid } from '../../server/contracts/workshop.ts';
import { call, readEvents } from '../../tests/helpers/http-api.ts';
import { newLearnerCookie } from '../../tests/helpers/terminal-client.ts';

export { call, type Answer } from '../../tests/helpers/http-api.ts';

/** Call and insist on a 2xx, or say which call failed and why. */
export async function ok<T = any>(baseUrl: string, method: string, url: string, cookie: string, body?: unknown): Promise<T> {
  const answer = await call<T>(baseUrl, method, url, cookie, body);
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Sign in with an instructor token (BOXLAB_INSTRUCTOR_TOKENS): the cookies an instructor's browser holds. */
export async function signIn(baseUrl: string, token: string): Promise<string> {
  const learner = await newLearnerCookie(baseUrl);
  const res = await fetch(`${baseUrl}${workshopUrls.instructorLogin}`, {
    method: 'POST',
    headers: { cookie: learner, origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const set = res.headers.get('set-cookie');
  if (res.status !== 200 || !set) throw new Error(`instructor sign-in refused: ${res.status} ${await res.text()}`);
  return `${learner}; ${set.split(';')[0]}`;
}

export interface GridStream {
  /** Resolves with the arrival time (performance.now()) of the first grid, from now on, where `seen` holds. */
  next(seen: (grid: WorkshopGrid) => boolean, timeoutMs: number): Promise<number>;
  /** Grids received so far. */
  readonly count: number;
  stop(): void;
}

/** The instructor's live grid (server-sent events), read as the page's EventSource would. */
export async function gridEvents(baseUrl: string, workshop: string, cookie: string): Promise<GridStream> {
  let count = 0;
  const waiters = new Set<(grid: WorkshopGrid, at: number) => void>();
  const events = await readEvents(baseUrl, workshopUrls.gridEvents(workshop), cookie, (event, data) => {
    if (event !== 'grid') return;
    const at = performance.now();
    count++;
    const grid = JSON.parse(data) as WorkshopGrid;
    for (const waiter of [...waiters]) waiter(grid, at);
  });
  return {
    get count() {
      return count;
    },
    next: (seen, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => (waiters.delete(waiter), reject(new Error(`no grid showed it within ${timeoutMs} ms`))), timeoutMs);
        const waiter = (grid: WorkshopGrid, at: number) => {
          if (!seen(grid)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(at);
        };
        waiters.add(waiter);
      }),
    stop: () => events.stop(),
  };
}
