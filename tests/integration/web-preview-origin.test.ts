/** The previews' own origin (BOXLAB_PREVIEW_ORIGIN) on the same server, against the real engine. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { lessonKey } from '../../server/contracts/lesson-id.ts';
import { cookieKeys, verifyLearner } from '../../server/http/identity.ts';
import { PREVIEW_TICKET_MS, signTicket } from '../../server/http/preview-ticket.ts';
import { SECRET, startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const LESSON = 'containers/what-is-a-container';
const KEY = lessonKey(LESSON);
const HTTP_PORT = 8000;
const WS_PORT = 8765;
const fixture = (name: string) => Buffer.from(readFileSync(`tests/fixtures/preview/${name}`)).toString('base64');
const keys = cookieKeys(SECRET);
const page = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' };
let box: RunningBoxlab;
let cookie: string;
let t: TestTerminal;
let site: string;
let origin: string;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The preview origin's cookie (name=value) from a Set-Cookie header. */
const cookieFrom = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('boxlab_preview='))!;

/** Enter with the learner's cookie, the way a browser comes from a lesson's <Preview> link; the origin's cookie. */
async function enter(path: string): Promise<{ enterUrl: string; originCookie: string; setCookie: string; location: string }> {
  const visit = await fetch(`${site}/preview/${KEY}${path}`, { headers: { cookie, ...page }, redirect: 'manual' });
  expect(visit.status).toBe(302);
  const enterUrl = visit.headers.get('location')!;
  const entered = await fetch(enterUrl, { redirect: 'manual' });
  expect(entered.status).toBe(302);
  const setCookie = cookieFrom(entered);
  return { enterUrl, originCookie: setCookie.split(';')[0]!, setCookie, location: entered.headers.get('location')! };
}

beforeAll(async () => {
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  origin = `http://localhost:${port}`;
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '0', PORT: String(port), BOXLAB_PREVIEW_ORIGIN: `${origin}/` });
  cookie = await newLearnerCookie(box.baseUrl);
  t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: LESSON });
  await t.waitForPrompt();
  await t.run(
    `echo ${fixture('http-echo.py')} | base64 -d > ~/http-echo.py && echo ${fixture('ws-echo.py')} | base64 -d > ~/ws-echo.py && (python3 ~/http-echo.py ${HTTP_PORT} >/dev/null 2>&1 &) && (python3 ~/ws-echo.py ${WS_PORT} >/dev/null 2>&1 &) ; echo STARTED-$((1+1))`,
    /STARTED-2/,
  );
  await eventually(async () => ((await fetch(`${site}/preview/${KEY}/${HTTP_PORT}/`, { headers: { cookie } })).status === 200 ? true : undefined), 'the echo server', 30_000, 250);
});
afterAll(async () => {
  await t?.close();
  await box?.destroy();
});

describe('the preview origin', () => {
  it('takes a page visit from the site, exchanges its ticket for a cookie of its own, and serves the app as a real origin', async () => {
    const { enterUrl, originCookie, setCookie, location } = await enter(`/${HTTP_PORT}/a/b?x=1`);
    expect(enterUrl.startsWith(`${origin}/${KEY}/enter?ticket=`)).toBe(true);
    expect(setCookie).toMatch(new RegExp(`; Path=/${KEY}/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`));
    expect(location).toBe(`/${KEY}/${HTTP_PORT}/a/b?x=1`);
    const res = await fetch(`${origin}${location}`, { headers: { cookie: `${originCookie}; own=2`, origin, referer: `${origin}${location}` } });
    expect(res.status).toBe(200);
    // No sandbox CSP here: the origin is the wall. The app sees its own path, port, origin and cookies only.
    expect(res.headers.get('content-security-policy')).toBeNull();
    const seen = (await res.json()) as Record<string, string | null>;
    expect(seen).toEqual({ path: '/a/b?x=1', host: `localhost:${HTTP_PORT}`, origin: `http://localhost:${HTTP_PORT}`, referer: `http://localhost:${HTTP_PORT}${location}`, cookie: 'own=2' });
    expect(res.headers.getSetCookie()).toEqual(['app=1; Path=/']);
  });

  it('passes the whole path to apps that know their base URL (/<key>/prefixed/<port>/…)', async () => {
    const { originCookie, location } = await enter(`/prefixed/${HTTP_PORT}/tree?y=2`);
    expect(location).toBe(`/${KEY}/prefixed/${HTTP_PORT}/tree?y=2`);
    const seen = (await (await fetch(`${origin}${location}`, { headers: { cookie: originCookie } })).json()) as { path: string };
    expect(seen.path).toBe(`/${KEY}/prefixed/${HTTP_PORT}/tree?y=2`);
    // On the site the prefixed form is never served: a page visit goes to the preview origin, anything else is a 404.
    expect((await fetch(`${site}/preview/${KEY}/prefixed/${HTTP_PORT}/tree`, { headers: { cookie } })).status).toBe(404);
  });

  it('refuses without its cookie, with a forged, expired or other key’s ticket, and serves none of Boxlab', async () => {
    const learner = verifyLearner(keys, decodeURIComponent(cookie.split('=')[1]!))!;
    expect((await fetch(`${origin}/${KEY}/${HTTP_PORT}/`)).status).toBe(403);
    // The learner's Boxlab cookie means nothing here.
    expect((await fetch(`${origin}/${KEY}/${HTTP_PORT}/`, { headers: { cookie } })).status).toBe(403);
    const other = lessonKey('containers/containers-vs-vms');
    const otherTicket = signTicket(keys, learner, other, Date.now());
    expect((await fetch(`${origin}/${KEY}/enter?ticket=${otherTicket}&to=${HTTP_PORT}/`, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${origin}/${KEY}/${HTTP_PORT}/`, { headers: { cookie: `boxlab_preview=${otherTicket}` } })).status).toBe(403);
    const expired = signTicket(keys, learner, KEY, Date.now() - PREVIEW_TICKET_MS - 1000);
    expect((await fetch(`${origin}/${KEY}/enter?ticket=${expired}&to=${HTTP_PORT}/`, { redirect: 'manual' })).status).toBe(403);
    const forged = signTicket(keys, learner, KEY, Date.now()).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${origin}/${KEY}/${HTTP_PORT}/`, { headers: { cookie: `boxlab_preview=${forged}` } })).status).toBe(403);
    // `enter` sends on to this key's addresses only.
    const good = signTicket(keys, learner, KEY, Date.now());
    expect((await fetch(`${origin}/${KEY}/enter?ticket=${good}&to=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' })).status).toBe(404);
    // Boxlab's pages and API are not served on the preview origin.
    expect((await fetch(`${origin}/`)).status).toBe(404);
    expect((await fetch(`${origin}/api/progress`)).status).toBe(404);
    expect((await fetch(`${site}/`)).status).toBe(200);
  });

  it('never reaches another learner’s sandbox', async () => {
    const stranger = await newLearnerCookie(box.baseUrl);
    const theirs = signTicket(keys, verifyLearner(keys, decodeURIComponent(stranger.split('=')[1]!))!, KEY, Date.now());
    expect((await fetch(`${origin}/${KEY}/${HTTP_PORT}/`, { headers: { cookie: `boxlab_preview=${theirs}` } })).status).toBe(404);
    expect((await fetch(`${site}/preview/${KEY}/${HTTP_PORT}/`, { headers: { cookie: stranger, ...page }, redirect: 'manual' })).status).toBe(404);
  });

  it('relays WebSockets for its own pages, with its cookie', async () => {
    const { originCookie } = await enter(`/${WS_PORT}/`);
    const url = `${origin.replace(/^http/, 'ws')}/${KEY}/prefixed/${WS_PORT}/api/kernels/k/channels`;
    const ws = new WebSocket(url, { headers: { cookie: originCookie, origin } });
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d: Buffer) => resolve(d.toString()));
      ws.once('error', reject);
    });
    const seen = JSON.parse(first) as { path: string; origin: string; cookie: string | null };
    expect(seen).toMatchObject({ path: `/${KEY}/prefixed/${WS_PORT}/api/kernels/k/channels`, origin: `http://localhost:${WS_PORT}`, cookie: null });
    ws.close();
    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const w = new WebSocket(url, { headers });
        w.on('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0));
        w.on('open', () => (w.close(), resolve(101)));
        w.on('error', () => resolve(-1));
      });
    expect(await refused({ cookie: originCookie, origin: 'https://evil.example' })).toBe(403);
    expect(await refused({ origin })).toBe(404);
  });
});
