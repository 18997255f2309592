/** Web preview through Boxlab into a learner's own sandbox, against the real engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonKey } from '../../server/sandbox/claims.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const LESSON = 'containers/what-is-a-container';
let box: RunningBoxlab;
let cookie: string;
let t: TestTerminal;
const previewUrl = (port: number, path = '/') => `${box.baseUrl}/preview/${lessonKey(LESSON)}/${port}${path}`;

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0' });
  cookie = await newLearnerCookie(box.baseUrl);
  t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: LESSON });
  await t.waitForPrompt();
  await t.run(
    'mkdir -p ~/site && echo "<h1>made by $((6*7)) learners</h1>" > ~/site/index.html && (cd ~/site && python3 -m http.server 8000 >/dev/null 2>&1 &) ; echo STARTED-$((1+1))',
    /STARTED-2/,
  );
});
afterAll(async () => {
  await t?.close();
  await box?.destroy();
});

describe('web preview', () => {
  it('shows what the learner’s sandbox serves, on an opaque origin', async () => {
    const res = await eventually(async () => {
      const r = await fetch(previewUrl(8000), { headers: { cookie } });
      return r.status === 200 ? r : undefined;
    }, 'the learner’s server to answer');
    expect(await res.text()).toContain('made by 42 learners');
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox /);
  });

  it('is for the learner alone', async () => {
    const stranger = await newLearnerCookie(box.baseUrl);
    const res = await fetch(previewUrl(8000), { headers: { cookie: stranger } });
    expect(res.status).toBe(404);
    expect((await fetch(previewUrl(8000))).status).toBe(404);
  });

  it('explains when nothing listens on the port', async () => {
    const res = await fetch(previewUrl(9), { headers: { cookie } });
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/No server is listening on port 9/);
  });

  it('redirects to the folder so relative links work, and rejects bad ports', async () => {
    const res = await fetch(previewUrl(8000, ''), { headers: { cookie }, redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toMatch(/\/8000\/$/);
    expect((await fetch(previewUrl(70000), { headers: { cookie } })).status).toBe(404);
  });
});
