/** Web preview through Boxlab into a learner's own sandbox, against the real engine. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { cookieKeys, verifyLearner } from '../../server/http/identity.ts';
import { PREVIEW_TICKET_MS, signTicket } from '../../server/http/preview-ticket.ts';
import { SECRET, startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
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

  it('delivers a large file whole, to a reader slower than the sandbox', async () => {
    await t.run('head -c 8000000 /dev/urandom > ~/site/big.bin && sha256sum ~/site/big.bin | cut -c1-64 > ~/site/big.sum; echo MADE-$((2+3))', /MADE-5/);
    const want = (await (await fetch(previewUrl(8000, '/big.sum'), { headers: { cookie } })).text()).trim();
    const res = await fetch(previewUrl(8000, '/big.bin'), { headers: { cookie } });
    expect(res.status).toBe(200);
    // Read a chunk at a time, yielding to the event loop between chunks, so the sandbox's side gets ahead.
    const reader = res.body!.getReader();
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      bytes += value.length;
      await new Promise((r) => setImmediate(r));
    }
    expect(bytes).toBe(8_000_000);
    expect(hash.digest('hex')).toBe(want);
  });

  it('answers 502 when the learner’s server sends a status that cannot be passed on', async () => {
    // One answer, then it stops: status 000 is not a status Node can send.
    await t.run(
      `python3 -c 'import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 8009)); s.listen(); c,_=s.accept(); c.recv(4096); c.sendall(b"HTTP/1.1 000 Odd\\r\\ncontent-length: 2\\r\\n\\r\\nhi"); c.close()' & echo ODD-$((4+4))`,
      /ODD-8/,
    );
    const res = await eventually(async () => {
      const r = await fetch(previewUrl(8009), { headers: { cookie } });
      return r.status === 502 && /cannot be passed on/.test(await r.text()) ? r : undefined;
    }, 'a 502 for the odd status');
    expect(res.status).toBe(502);
    // The server is still there.
    expect((await fetch(previewUrl(8000), { headers: { cookie } })).status).toBe(200);
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

  describe('tickets (a preview page’s own requests carry no cookie)', () => {
    const keys = cookieKeys(SECRET);
    const page = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' };
    const learnerOf = (c: string) => verifyLearner(keys, decodeURIComponent(c.split('=')[1]!))!;

    it('a page visit with the cookie goes on to a ticketed address, where sub-resources need no cookie', async () => {
      const res = await fetch(previewUrl(8000, '/?q=1'), { headers: { cookie, ...page }, redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const location = res.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^/preview/${lessonKey(LESSON)}-[^/]+/8000/\\?q=1$`));
      const doc = await fetch(`${box.baseUrl}${location}`);
      expect(doc.status).toBe(200);
      expect(await doc.text()).toContain('made by 42 learners');
      expect(doc.headers.get('referrer-policy')).toBe('no-referrer');
      expect(doc.headers.get('content-security-policy')).toMatch(/^sandbox /);
      const sub = await fetch(`${box.baseUrl}${location.replace(/\?q=1$/, 'index.html')}`);
      expect(sub.status).toBe(200);
      // The page's fetch() is cross-origin (opaque origin 'null'): it may read its own preview's answers, uncredentialed.
      const own = await fetch(`${box.baseUrl}${location}`, { headers: { origin: 'null' } });
      expect(own.headers.get('access-control-allow-origin')).toBe('null');
      expect(own.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await fetch(`${box.baseUrl}${location}`, { method: 'OPTIONS', headers: { origin: 'null', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-xsrftoken' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,x-xsrftoken');
      // Not for other origins, nor without a ticket (then it is the app's own business: http.server has no OPTIONS).
      expect((await fetch(`${box.baseUrl}${location}`, { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(previewUrl(8000), { method: 'OPTIONS', headers: { cookie, origin: 'null', 'access-control-request-method': 'POST' } })).status).toBe(501);
      // A sub-resource request with the cookie is served, not sent round a redirect.
      expect((await fetch(previewUrl(8000, '/index.html'), { headers: { cookie, 'sec-fetch-dest': 'image' }, redirect: 'manual' })).status).toBe(200);
    });

    it('opens its own key only, and not once forged or expired', async () => {
      const learner = learnerOf(cookie);
      const key = lessonKey(LESSON);
      const at = (ticket: string, k = key) => fetch(`${box.baseUrl}/preview/${k}-${ticket}/8000/`);
      expect((await at(signTicket(keys, learner, key, Date.now()))).status).toBe(200);
      const otherKey = lessonKey('containers/containers-vs-vms');
      expect((await at(signTicket(keys, learner, key, Date.now()), otherKey)).status).toBe(403);
      const forged = signTicket(keys, learner, key, Date.now()).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      expect((await at(forged)).status).toBe(403);
      expect((await at(signTicket(cookieKeys('another-secret-that-is-long-enough-0123'), learner, key, Date.now()))).status).toBe(403);
      const expired = signTicket(keys, learner, key, Date.now() - PREVIEW_TICKET_MS - 1000);
      const refused = await at(expired);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/Open the preview again from the lesson/);
      // The learner coming back to an expired address with the cookie gets a fresh one.
      const again = await fetch(`${box.baseUrl}/preview/${key}-${expired}/8000/index.html`, { headers: { cookie, ...page }, redirect: 'manual' });
      expect(again.status).toBe(302);
      expect(again.headers.get('location')).not.toContain(expired);
      expect((await fetch(`${box.baseUrl}${again.headers.get('location')!}`)).status).toBe(200);
    });

    it('never reach another learner’s sandbox', async () => {
      const stranger = await newLearnerCookie(box.baseUrl);
      const theirs = signTicket(keys, learnerOf(stranger), lessonKey(LESSON), Date.now());
      // A valid ticket of a learner with no sandbox for the lesson: nothing, even with this learner's cookie along.
      const res = await fetch(`${box.baseUrl}/preview/${lessonKey(LESSON)}-${theirs}/8000/`, { headers: { cookie } });
      expect(res.status).toBe(404);
      // And the stranger's page visit gets no ticket to this learner's sandbox.
      const visit = await fetch(previewUrl(8000), { headers: { cookie: stranger, ...page }, redirect: 'manual' });
      expect(visit.status).toBe(404);
    });
  });
});
