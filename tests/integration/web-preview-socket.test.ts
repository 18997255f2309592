/** WebSockets through the web preview, into a learner's own sandbox, against the real engine. */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { cookieKeys, verifyLearner } from '../../server/http/identity.ts';
import { signTicket } from '../../server/http/preview-ticket.ts';
import { PREVIEW_SOCKETS_PER_LEARNER } from '../../server/http/preview-upgrade.ts';
import { SECRET, startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const LESSON = 'containers/what-is-a-container';
const OTHER_LESSON = 'containers/containers-vs-vms';
const PORT = 8765;
const ECHO = Buffer.from(readFileSync('tests/fixtures/preview/ws-echo.py')).toString('base64');
let box: RunningBoxlab;
let cookie: string;
let t: TestTerminal;

const socketUrl = (path = '/', lesson = LESSON) => `${box.baseUrl.replace(/^http/, 'ws')}/preview/${lessonKey(lesson)}/${PORT}${path}`;

/** A socket and the messages it got so far (the first may come with the handshake, before anyone listens). */
interface Opened {
  ws: WebSocket;
  upgrade: IncomingMessage;
  next(): Promise<string>;
}

/** Open a socket; resolves with it once open, or with the HTTP answer that refused it. */
function open(url: string, headers: Record<string, string>): Promise<Opened | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const got: string[] = [];
    let wake: (() => void) | undefined;
    ws.on('message', (data: Buffer) => {
      got.push(data.toString());
      wake?.();
    });
    ws.on('close', () => wake?.());
    const next = async (): Promise<string> => {
      while (got.length === 0) {
        if (ws.readyState === WebSocket.CLOSED) throw new Error('closed before a message');
        await new Promise<void>((r) => (wake = r));
      }
      return got.shift()!;
    };
    let upgrade: IncomingMessage | undefined;
    ws.on('upgrade', (res) => (upgrade = res));
    ws.on('open', () => resolve({ ws, upgrade: upgrade!, next }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

async function opened(url: string, headers: Record<string, string>): Promise<Opened & { hello: string }> {
  const r = await open(url, headers);
  if (!('ws' in r)) throw new Error(`refused: ${r.status} ${r.body}`);
  return { ...r, hello: await r.next() };
}

beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0' });
  cookie = await newLearnerCookie(box.baseUrl);
  t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: LESSON });
  await t.waitForPrompt();
  await t.run(`echo ${ECHO} | base64 -d > ~/ws-echo.py && (python3 ~/ws-echo.py ${PORT} >/dev/null 2>&1 &) ; echo STARTED-$((1+1))`, /STARTED-2/);
  // The server takes a moment to listen on a busy machine: a refused handshake is a 502 until then.
  await eventually(async () => {
    const r = await open(socketUrl('/probe'), { cookie, origin: box.baseUrl });
    if ('ws' in r) r.ws.close();
    return 'ws' in r ? true : undefined;
  }, 'the echo server in the sandbox to answer', 30_000, 250);
});
afterAll(async () => {
  await t?.close();
  await box?.destroy();
});

describe('WebSockets through the web preview', () => {
  it('reach the learner’s own server, which sees its own origin and no Boxlab identity', async () => {
    const { ws, upgrade, hello, next } = await opened(socketUrl('/api/kernels/k1/channels?session=s1'), { cookie: `${cookie}; app=7`, origin: 'null' });
    const seen = JSON.parse(hello) as { path: string; origin: string; cookie: string | null; host: string };
    // Today the preview takes its prefix off, as for HTTP requests.
    expect(seen.path).toBe('/api/kernels/k1/channels?session=s1');
    expect(seen.origin).toBe(`http://localhost:${PORT}`);
    expect(seen.host).toBe(`localhost:${PORT}`);
    expect(seen.cookie).toBe('app=7');
    // The app tried to set Boxlab's learner cookie in its handshake answer: only its own cookie comes through.
    expect(upgrade.headers['set-cookie']).toEqual(['app=1; Path=/']);
    expect(upgrade.headers['content-security-policy']).toMatch(/^sandbox /);
    ws.send('hello from the browser');
    expect(await next()).toBe('echo:hello from the browser');
    // A frame larger than one read, both ways.
    const big = 'x'.repeat(60_000);
    ws.send(big);
    expect(await next()).toBe(`echo:${big}`);
    ws.close();
  });

  it('open with a ticket in the address and no cookie (a preview page’s own socket), for the ticket’s key only', async () => {
    const keys = cookieKeys(SECRET);
    const learner = verifyLearner(keys, decodeURIComponent(cookie.split('=')[1]!))!;
    const ticket = signTicket(keys, learner, lessonKey(LESSON), Date.now());
    const base = box.baseUrl.replace(/^http/, 'ws');
    const { ws, hello, next } = await opened(`${base}/preview/${lessonKey(LESSON)}-${ticket}/${PORT}/api/x?y=1`, { origin: 'null' });
    // The ticket is the proxy's: the app sees its own path.
    expect((JSON.parse(hello) as { path: string }).path).toBe('/api/x?y=1');
    ws.send('ticketed');
    expect(await next()).toBe('echo:ticketed');
    ws.close();
    expect(await open(`${base}/preview/${lessonKey(OTHER_LESSON)}-${ticket}/${PORT}/`, { origin: 'null' })).toMatchObject({ status: 404 });
    const forged = ticket.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await open(`${base}/preview/${lessonKey(LESSON)}-${forged}/${PORT}/`, { origin: 'null', cookie })).toMatchObject({ status: 404 });
  });

  it('are refused to anyone but the sandbox’s learner', async () => {
    const stranger = await newLearnerCookie(box.baseUrl);
    expect(await open(socketUrl('/'), { cookie: stranger, origin: box.baseUrl })).toMatchObject({ status: 404 });
    expect(await open(socketUrl('/'), { origin: box.baseUrl })).toMatchObject({ status: 404 });
    const forged = cookie.replace(/=([^.;]*)/, '=someone-else');
    expect(await open(socketUrl('/'), { cookie: forged, origin: box.baseUrl })).toMatchObject({ status: 404 });
  });

  it('reach only the asking learner’s own sandbox: another learner on the same address gets theirs', async () => {
    const other = await newLearnerCookie(box.baseUrl);
    const theirs = await TestTerminal.open({ baseUrl: box.baseUrl, cookie: other, lesson: LESSON });
    try {
      await theirs.waitForPrompt();
      // Nothing listens on the port in the other learner's sandbox: the same address is a 502 for them.
      const r = await open(socketUrl('/'), { cookie: other, origin: box.baseUrl });
      expect(r).toMatchObject({ status: 502 });
    } finally {
      await theirs.close();
    }
  });

  it('are refused to other sites, and for a lesson the learner has no sandbox for', async () => {
    expect(await open(socketUrl('/'), { cookie, origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    expect(await open(socketUrl('/'), { cookie })).toMatchObject({ status: 403 });
    expect(await open(socketUrl('/', OTHER_LESSON), { cookie, origin: box.baseUrl })).toMatchObject({ status: 404 });
    expect(await open(`${box.baseUrl.replace(/^http/, 'ws')}/preview/${lessonKey(LESSON)}/${PORT}`, { cookie, origin: box.baseUrl })).toMatchObject({ status: 404 });
  });

  it(`are at most ${PREVIEW_SOCKETS_PER_LEARNER} per learner at once`, async () => {
    const sockets = await Promise.all(Array.from({ length: PREVIEW_SOCKETS_PER_LEARNER }, () => opened(socketUrl('/'), { cookie, origin: 'null' })));
    expect(await open(socketUrl('/'), { cookie, origin: 'null' })).toMatchObject({ status: 429 });
    await Promise.all(sockets.map(({ ws }) => new Promise((r) => (ws.once('close', r), ws.close()))));
    // Closed ones no longer count.
    const again = await eventually(async () => {
      const r = await open(socketUrl('/'), { cookie, origin: 'null' });
      return 'ws' in r ? r.ws : undefined;
    }, 'a socket once the others closed');
    again.close();
  });

  it('close when the sandbox goes', async () => {
    const { ws } = await opened(socketUrl('/'), { cookie, origin: 'null' });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    const reset = await fetch(`${box.baseUrl}/api/lessons/${encodeURIComponent(LESSON)}/reset`, { method: 'POST', headers: { cookie, origin: box.baseUrl } });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { removedSandbox: boolean }).removedSandbox).toBe(true);
    // No close frame from anyone: the connection just ends (1006).
    expect(await closed).toBe(1006);
  });
});

describe('WebSockets through the web preview under BOXLAB_BASE_PATH', () => {
  it('are found under the base, and only there', async () => {
    const sub = await startBoxlab({ BOXLAB_POOL_SHELL: '0', BOXLAB_BASE_PATH: '/sub' });
    try {
      const res = await fetch(`${sub.baseUrl}/sub/healthz`);
      const learner = res.headers.get('set-cookie')!.split(';')[0]!;
      const term = await TestTerminal.open({ baseUrl: `${sub.baseUrl}/sub`, cookie: learner, lesson: LESSON });
      try {
        await term.waitForPrompt();
        await term.run(`echo ${ECHO} | base64 -d > ~/ws-echo.py && (python3 ~/ws-echo.py ${PORT} >/dev/null 2>&1 &) ; echo STARTED-$((2+2))`, /STARTED-4/);
        const ws = sub.baseUrl.replace(/^http/, 'ws');
        const { ws: socket, hello } = await eventually(async () => {
          const r = await open(`${ws}/sub/preview/${lessonKey(LESSON)}/${PORT}/x`, { cookie: learner, origin: sub.baseUrl });
          return 'ws' in r ? { ...r, hello: await r.next() } : undefined;
        }, 'the echo server under the base', 30_000, 250);
        expect((JSON.parse(hello) as { path: string }).path).toBe('/x');
        socket.close();
        // Outside the base nothing is Boxlab's: the terminal's gate answers 404 for any other path.
        expect(await open(`${ws}/preview/${lessonKey(LESSON)}/${PORT}/x`, { cookie: learner, origin: sub.baseUrl })).toMatchObject({ status: 404 });
      } finally {
        await term.close();
      }
    } finally {
      await sub.destroy();
    }
  });
});
