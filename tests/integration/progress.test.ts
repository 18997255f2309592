/**
 * Progress is kept in node:sqlite in the data dir: what a learner passed and visited survives a restart
 * of the server (same data dir, same cookie secret).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkUrl, visitUrl } from '../../server/contracts/api.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { newLearnerCookie } from '../helpers/terminal-client.ts';

const LESSON = 'fixtures/checks';
const started: RunningBoxlab[] = [];
afterAll(async () => {
  for (const b of started) await b.destroy();
});

it('keeps visits and passed exercises across a server restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'boxlab-progress-'));
  const instance = `p${process.pid}`;
  const first = await startBoxlab({ BOXLAB_DATA_DIR: dataDir }, instance);
  started.push(first);
  const cookie = await newLearnerCookie(first.baseUrl);
  const learner = cookie.split('=')[1]!.split('.')[0]!;

  expect((await fetch(`${first.baseUrl}${visitUrl(LESSON)}`, { method: 'POST', headers: { cookie } })).status).toBe(204);
  const sandbox = await first.boxlab.manager.acquire(learner, LESSON, 'shell');
  await first.runtime.exec(sandbox.id, { cmd: ['sh', '-c', 'echo hello > ~/hello.txt'], user: 'learner', timeoutMs: 5000 });
  const passed = await (await fetch(`${first.baseUrl}${checkUrl(LESSON, 'make-file')}`, { method: 'POST', headers: { cookie } })).json();
  expect(passed.passed).toBe(true);
  await first.close();

  const second = await startBoxlab({ BOXLAB_DATA_DIR: dataDir }, instance);
  started.push(second);
  const progress = await (await fetch(`${second.baseUrl}/api/progress`, { headers: { cookie } })).json();
  expect(progress.lastLesson).toBe(LESSON);
  expect(progress.lessons[LESSON].passed).toEqual(['make-file']);
  expect(progress.lessons[LESSON].visitedAt).toBeGreaterThan(0);
  // The sandbox was adopted too, so the pass can be checked again in place.
  const again = await (await fetch(`${second.baseUrl}${checkUrl(LESSON, 'make-file')}`, { method: 'POST', headers: { cookie } })).json();
  expect(again.passed).toBe(true);
});
