/**
 * Classroom workshops against the real engine, through the documented HTTP API and terminal protocol: instructor
 * access, joining (and every refusal), the live grid, watching a learner's terminal, broadcast, reset, extend, end,
 * export, per-learner limits inside a workshop, and a restart that keeps it all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, visitUrl } from '../../server/contracts/api.ts';
import { workshopUrls, type WorkshopGrid, type WorkshopSummary } from '../../server/contracts/workshop.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { call as callApi, readEvents } from '../helpers/http-api.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

const TOKEN = 'instructor-token-for-tests-0123456789';
const LESSON = 'fixtures/checks';
const DATA_DIR = mkdtempSync(join(tmpdir(), 'boxlab-workshops-'));
const INSTANCE = `tw${Date.now().toString(36)}`;
const ENV = { BOXLAB_INSTRUCTOR_TOKENS: TOKEN, BOXLAB_DATA_DIR: DATA_DIR, BOXLAB_POOL_SHELL: '0', BOXLAB_CREATE_PER_MIN_PER_IP: '1', BOXLAB_JOIN_PER_MIN_PER_IP: '12' };

let box: RunningBoxlab;
const terminals: TestTerminal[] = [];

const call = (method: string, url: string, cookie: string, body?: unknown, origin = box.baseUrl) =>
  callApi(box.baseUrl, method, url, cookie, body, { origin });

async function instructorCookie(): Promise<string> {
  const learner = await newLearnerCookie(box.baseUrl);
  const res = await call('POST', workshopUrls.instructorLogin, learner, { token: TOKEN });
  expect(res.status).toBe(200);
  const set = res.headers.get('set-cookie')!;
  expect(set).toMatch(/HttpOnly; SameSite=Strict/);
  return `${learner}; ${set.split(';')[0]}`;
}

async function createWorkshop(cookie: string, over: Record<string, unknown> = {}): Promise<WorkshopSummary> {
  const now = Date.now();
  const res = await call('POST', workshopUrls.workshops, cookie, { title: 'Containers 101', lessons: [LESSON], capacity: 3, startsAt: now - 60_000, endsAt: now + 3_600_000, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as WorkshopSummary;
}

async function open(cookie: string, extra: Partial<Parameters<typeof TestTerminal.open>[0]> = {}): Promise<TestTerminal> {
  const t = await TestTerminal.open({ baseUrl: box.baseUrl, cookie, lesson: LESSON, ...extra });
  terminals.push(t);
  return t;
}

/** The grid's server-sent events, as a test reads them: every grid, with when it arrived. */
async function gridStream(id: string, cookie: string) {
  const grids: { at: number; grid: WorkshopGrid }[] = [];
  const events = await readEvents(box.baseUrl, workshopUrls.gridEvents(id), cookie, (event, data) => {
    if (event === 'grid') grids.push({ at: Date.now(), grid: JSON.parse(data) as WorkshopGrid });
  });
  return { grids, stop: () => events.stop() };
}

beforeAll(async () => {
  box = await startBoxlab(ENV, INSTANCE);
});
afterAll(async () => {
  await Promise.all(terminals.map((t) => t.close()));
  await box.destroy();
});

describe('instructor access', () => {
  it('refuses every instructor route without a signed-in instructor, and a wrong token', async () => {
    const learner = await newLearnerCookie(box.baseUrl);
    for (const [method, url] of [
      ['GET', workshopUrls.workshops],
      ['POST', workshopUrls.workshops],
      ['GET', workshopUrls.grid('x')],
      ['GET', workshopUrls.gridEvents('x')],
      ['POST', workshopUrls.end('x')],
      ['GET', workshopUrls.exportCsv('x')],
    ] as const) {
      const res = await call(method, url, learner, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(res.body.error.code).toBe('instructor_only');
    }
    expect((await call('POST', workshopUrls.instructorLogin, learner, { token: 'not-the-token-but-long-enough-000' })).status).toBe(401);
    // A forged cookie is no instructor either.
    expect((await call('GET', workshopUrls.workshops, `${learner}; boxlab_instructor=i:abc.9999999999999.${'A'.repeat(43)}`)).status).toBe(401);
  });

  it('refuses a change from another site even with the instructor cookie', async () => {
    const cookie = await instructorCookie();
    const res = await call('POST', workshopUrls.workshops, cookie, { title: 'x' }, 'https://evil.example');
    expect(res.status).toBe(403);
  });

  it('validates a new workshop and names what is wrong', async () => {
    const cookie = await instructorCookie();
    const res = await call('POST', workshopUrls.workshops, cookie, { title: '', lessons: ['no/such-lesson'], capacity: 0, startsAt: 2, endsAt: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/capacity/);
    const unknown = await call('POST', workshopUrls.workshops, cookie, { title: 'x', lessons: ['no/such-lesson'], capacity: 2, startsAt: 1, endsAt: 2 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no\/such-lesson/);
  });
});

describe('a workshop, live', () => {
  it('joins, solves, shows on the grid within a second, is watched, hears a broadcast, and ends with nothing left', async () => {
    const instructor = await instructorCookie();
    const w = await createWorkshop(instructor, { password: 'sesame' });
    expect(w.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    const qr = await call('GET', workshopUrls.qr(w.id), instructor);
    expect(qr.headers.get('content-type')).toMatch(/svg/);

    // Refusals a learner can meet, each a sentence.
    const alice = await newLearnerCookie(box.baseUrl);
    expect((await call('POST', workshopUrls.join, alice, { code: 'ZZZZZZ', name: 'Alice' })).body.error.code).toBe('workshop_not_found');
    expect((await call('POST', workshopUrls.join, alice, { code: w.code, name: 'Alice', password: 'wrong' })).body.error.code).toBe('workshop_password');
    expect((await call('POST', workshopUrls.join, alice, { code: w.code, name: '<b>x</b>' })).status).toBe(400);
    // Codes are read aloud: case and dashes do not matter.
    const joined = await call('POST', workshopUrls.join, alice, { code: `${w.code.slice(0, 3).toLowerCase()}-${w.code.slice(3)}`, name: 'Alice', password: 'sesame' });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ id: w.id, firstLesson: LESSON, name: 'Alice' });
    expect((await call('GET', workshopUrls.mine, alice)).body.workshop.title).toBe('Containers 101');

    const stream = await gridStream(w.id, instructor);
    await eventually(() => stream.grids.at(-1)?.grid.rows.length === 1, 'the grid to list Alice');

    // Alice opens the lesson and fails the check, then solves it by typing.
    await call('POST', visitUrl(LESSON), alice);
    const t = await open(alice);
    await t.waitForPrompt();
    expect((await call('POST', checkUrl(LESSON, 'make-file'), alice)).body.passed).toBe(false);
    await eventually(() => stream.grids.at(-1)?.grid.rows[0]?.cells[`${LESSON}#make-file`]?.failures === 1, 'the failure on the grid');
    await t.run('echo hello > ~/hello.txt && echo done-$((1+1))', /done-2/);
    const before = Date.now();
    expect((await call('POST', checkUrl(LESSON, 'make-file'), alice)).body.passed).toBe(true);
    const seen = await eventually(() => stream.grids.find((g) => g.at >= before && g.grid.rows[0]?.cells[`${LESSON}#make-file`]?.passed), 'the pass on the grid');
    expect(seen.at - before).toBeLessThan(1000);
    const row = seen.grid.rows[0]!;
    expect(row).toMatchObject({ name: 'Alice', lesson: LESSON, exercise: 'copy-secret', sandbox: 'running', terminals: ['main'] });
    expect(seen.grid.columns.find((c) => c.exercise === 'make-file')?.passed).toBe(1);
    const attempts = await call('GET', workshopUrls.attempts(w.id, row.member), instructor);
    expect(attempts.body.attempts.map((a: { status: string }) => a.status)).toEqual(['failed', 'passed']);

    // A learner cannot watch another learner, nor read the grid.
    const bob = await newLearnerCookie(box.baseUrl);
    expect((await call('GET', workshopUrls.grid(w.id), bob)).status).toBe(401);
    const sneaky = await open(bob, { watch: { workshop: w.id, member: row.member }, readOnly: true });
    await sneaky.waitFor(() => sneaky.closed !== undefined, 'the refusal');
    expect(sneaky.controls.find((c) => c.type === 'error')).toMatchObject({ code: 'instructor_only' });

    // The instructor watches read-only; Alice is told.
    const watcher = await open(instructor, { watch: { workshop: w.id, member: row.member }, terminal: 'main', readOnly: true });
    await watcher.waitFor(() => watcher.controls.some((c) => c.type === 'status' && c.state === 'ready'), 'watching');
    await t.waitFor(() => t.controls.some((c) => c.type === 'notice' && c.kind === 'watched' && c.watchers === 1), 'Alice told she is watched');
    t.type('echo watched-$((3*3))\r');
    await watcher.waitForOutput(/watched-9/);
    watcher.type('echo typed-by-watcher\r');
    await watcher.waitFor(() => watcher.controls.some((c) => c.type === 'error' && c.code === 'read_only'), 'input refused');
    await watcher.close();
    await t.waitFor(() => t.controls.some((c) => c.type === 'notice' && c.kind === 'watched' && c.watchers === 0), 'Alice told nobody watches');

    // Broadcast: on her page's event stream and in her terminal.
    expect((await call('POST', workshopUrls.broadcast(w.id), instructor, { text: 'Break in 5 minutes' })).status).toBe(200);
    await t.waitFor(() => t.controls.some((c) => c.type === 'notice' && c.kind === 'broadcast' && c.text === 'Break in 5 minutes'), 'the broadcast');
    expect((await call('GET', workshopUrls.mine, alice)).body.workshop.messages.at(-1).text).toBe('Break in 5 minutes');

    // Extend everyone, export, then end: every sandbox goes.
    expect((await call('POST', workshopUrls.extend(w.id), instructor, {})).body.extended).toBe(1);
    const csv = await call('GET', workshopUrls.exportCsv(w.id), instructor);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body)).toMatch(new RegExp(`^name,joined_at,lesson,exercise,passed_count,${LESSON}#make-file`));
    expect(String(csv.body)).toMatch(/\nAlice,.*,1,1,0\n$/);
    expect((await call('POST', workshopUrls.end(w.id), instructor)).body.removed).toBe(1);
    await t.waitFor(() => t.closed !== undefined, 'the terminal to close');
    expect(box.boxlab.manager.find(alice.split('=')[1]!.split('.')[0]!, LESSON)).toBeUndefined();
    expect((await call('POST', workshopUrls.join, bob, { code: w.code, name: 'Bob', password: 'sesame' })).body.error.code).toBe('workshop_ended');
    stream.stop();
  });

  it('counts limits per learner inside a workshop: a class behind one address is not refused', async () => {
    const instructor = await instructorCookie();
    const w = await createWorkshop(instructor, { capacity: 2 });
    const members = [await newLearnerCookie(box.baseUrl), await newLearnerCookie(box.baseUrl)];
    for (const [i, cookie] of members.entries()) expect((await call('POST', workshopUrls.join, cookie, { code: w.code, name: `M${i}` })).status).toBe(200);
    // Full: a third learner is told so.
    const third = await newLearnerCookie(box.baseUrl);
    expect((await call('POST', workshopUrls.join, third, { code: w.code, name: 'Late' })).body.error.code).toBe('workshop_full');
    // BOXLAB_CREATE_PER_MIN_PER_IP is 1: both members still get a sandbox from the same address.
    for (const cookie of members) await (await open(cookie)).waitForPrompt();
    // A workshop's reset removes a member's sandbox.
    const grid = (await call('GET', workshopUrls.grid(w.id), instructor)).body as WorkshopGrid;
    expect((await call('POST', workshopUrls.reset(w.id, grid.rows[0]!.member), instructor)).body.removed).toBe(1);
    await call('POST', workshopUrls.end(w.id), instructor);
  });

});

describe('restart', () => {
  it('keeps workshops, members and their progress; the grid comes back as it was', async () => {
    const instructor = await instructorCookie();
    const w = await createWorkshop(instructor);
    const carol = await newLearnerCookie(box.baseUrl);
    expect((await call('POST', workshopUrls.join, carol, { code: w.code, name: 'Carol' })).status).toBe(200);
    await call('POST', visitUrl(LESSON), carol);
    const t = await open(carol);
    await t.waitForPrompt();
    await t.run('echo hello > ~/hello.txt && echo ok-$((2+2))', /ok-4/);
    expect((await call('POST', checkUrl(LESSON, 'make-file'), carol)).body.passed).toBe(true);
    const before = (await call('GET', workshopUrls.grid(w.id), instructor)).body as WorkshopGrid;
    // An instructor's live grid stays open through the restart: it must not hold the server's close.
    const stream = await gridStream(w.id, instructor);
    await eventually(() => stream.grids.length > 0, 'the grid stream');
    await box.close();
    stream.stop();
    box = await startBoxlab(ENV, INSTANCE);
    const answer = await call('GET', workshopUrls.grid(w.id), instructor);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = answer.body as WorkshopGrid;
    // What the restart cannot keep: the moment of the last activity (a restart counts as one) and the open shells
    // (they link again when their learner's page reconnects).
    const kept = (g: WorkshopGrid) => g.rows.map((r) => ({ ...r, lastActivityAt: 0, terminals: [] }));
    expect(kept(after)).toEqual(kept(before));
    expect(after.columns).toEqual(before.columns);
    expect(after.rows[0]!.sandbox).toBe('running');
  });
});

describe('membership', () => {
  it('entering an earlier workshop\'s code again makes it the learner\'s current one', async () => {
    const instructor = await instructorCookie();
    const a = await createWorkshop(instructor, { title: 'Morning' });
    const b = await createWorkshop(instructor, { title: 'Afternoon' });
    const dana = await newLearnerCookie(box.baseUrl);
    expect((await call('POST', workshopUrls.join, dana, { code: a.code, name: 'Dana' })).body.title).toBe('Morning');
    expect((await call('POST', workshopUrls.join, dana, { code: b.code, name: 'Dana' })).body.title).toBe('Afternoon');
    expect((await call('POST', workshopUrls.join, dana, { code: a.code, name: 'Dana' })).body.title).toBe('Morning');
    expect((await call('GET', workshopUrls.mine, dana)).body.workshop.title).toBe('Morning');
  });

  it('counts on the grid the checks a learner asked for, not the page\'s own failed ones', async () => {
    const instructor = await instructorCookie();
    const w = await createWorkshop(instructor);
    const erin = await newLearnerCookie(box.baseUrl);
    await call('POST', workshopUrls.join, erin, { code: w.code, name: 'Erin' });
    await call('POST', visitUrl(LESSON), erin);
    await (await open(erin)).waitForPrompt();
    for (let i = 0; i < 3; i++) expect((await call('POST', checkUrl(LESSON, 'make-file', true), erin)).body.passed).toBe(false);
    expect((await call('POST', checkUrl(LESSON, 'make-file'), erin)).body.passed).toBe(false);
    const grid = (await call('GET', workshopUrls.grid(w.id), instructor)).body as WorkshopGrid;
    expect(grid.rows[0]!.cells[`${LESSON}#make-file`]).toEqual({ passed: false, failures: 1 });
    expect(grid.rows[0]!.stuck).toBe(false);
    await call('POST', workshopUrls.end(w.id), instructor);
  });
});

// Last: it spends this address's joins.
describe('guessing codes', () => {
  it('rate-limits joining from one address (against guessing codes)', async () => {
    const cookie = await newLearnerCookie(box.baseUrl);
    const codes = Array.from({ length: 14 }, (_, i) => `QQQQQ${'23456789ABCDEF'[i]}`);
    const answers = [];
    for (const code of codes) answers.push((await call('POST', workshopUrls.join, cookie, { code, name: 'Guess' })).status);
    expect(answers).toContain(429);
  });
});
