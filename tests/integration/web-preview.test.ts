/** Web preview through Boxlab into a learner's own sandbox, against the real engine. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
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
});
