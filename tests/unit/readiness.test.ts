import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Readiness } from '../../server/observability/readiness.ts';
import { dataDirCheck, engineCheck, imagesCheck, storeCheck } from '../../server/observability/readiness-checks.ts';
import type { ProfileCatalog } from '../../server/sandbox/profile-catalog.ts';
import { openSqliteStore } from '../../server/store/sqlite-progress-store.ts';

/** A check that counts its runs and answers as told; `hang` never answers. */
function fakeCheck(name: string, answer: 'ok' | 'fail' | 'hang') {
  const check = {
    name,
    asks: `the ${name}`,
    runs: 0,
    run(): Promise<string> {
      check.runs++;
      if (answer === 'ok') return Promise.resolve(`${name} fine.`);
      if (answer === 'fail') return Promise.reject(new Error(`${name} broke: fix it.`));
      return new Promise<string>(() => undefined);
    },
  };
  return check;
}

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Readiness', () => {
  it('is ready when every check passes, with what each found', async () => {
    const r = new Readiness([fakeCheck('engine', 'ok'), fakeCheck('store', 'ok')], { timeoutMs: 100, cacheMs: 2000, ...clock() });
    const report = await r.report();
    expect(report.ready).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok, c.message])).toEqual([
      ['engine', true, 'engine fine.'],
      ['store', true, 'store fine.'],
    ]);
  });

  it('is not ready when one fails, which says why', async () => {
    const r = new Readiness([fakeCheck('engine', 'ok'), fakeCheck('store', 'fail')], { timeoutMs: 100, cacheMs: 2000, ...clock() });
    const report = await r.report();
    expect(report.ready).toBe(false);
    expect(report.checks.find((c) => !c.ok)).toMatchObject({ name: 'store', message: 'store broke: fix it.' });
  });

  it('bounds a check that does not answer, and never runs it twice at once', async () => {
    const c = clock();
    const hung = fakeCheck('engine', 'hang');
    const r = new Readiness([hung], { timeoutMs: 50, cacheMs: 2000, now: c.now });
    const started = Date.now();
    const first = await r.report();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(first.checks[0]).toMatchObject({ ok: false, message: 'No answer from the engine within 0.05 s.' });
    c.advance(3000);
    const second = await r.report();
    expect(hung.runs).toBe(1);
    expect(second.checks[0]?.message).toBe('No answer from the engine yet, to a check started 3 s ago (each may take 0.05 s).');
  });

  it('keeps an answer for cacheMs, and concurrent callers share one round', async () => {
    const c = clock();
    const engine = fakeCheck('engine', 'ok');
    const r = new Readiness([engine], { timeoutMs: 100, cacheMs: 2000, now: c.now });
    await Promise.all(Array.from({ length: 50 }, () => r.report()));
    expect(engine.runs).toBe(1);
    c.advance(1999);
    await r.report();
    expect(engine.runs).toBe(1);
    c.advance(1);
    await r.report();
    expect(engine.runs).toBe(2);
  });
});

describe('readiness checks', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'boxlab-ready-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('engine: says what failed and what to do', async () => {
    await expect(engineCheck({ dataRoot: async () => '/var/lib/docker' }).run()).resolves.toBe('The Docker engine answers (data in /var/lib/docker).');
    await expect(engineCheck({ dataRoot: () => Promise.reject(new Error('connect ENOENT /var/run/docker.sock')) }).run()).rejects.toThrow(
      'The Docker engine does not answer (connect ENOENT /var/run/docker.sock): start it, or point DOCKER_HOST at it.',
    );
  });

  it('images: names each missing image with its profile', async () => {
    const catalog = new Map([
      ['shell', { imageTag: 'boxlab/shell:aaa' }],
      ['vm', { imageTag: 'boxlab/vm:bbb' }],
    ]) as unknown as ProfileCatalog;
    await expect(imagesCheck({ imageExists: async () => true }, catalog).run()).resolves.toMatch(/^Every learner image is in the engine/);
    await expect(imagesCheck({ imageExists: async (tag) => tag !== 'boxlab/vm:bbb' }, catalog).run()).rejects.toThrow(
      'Learner image missing from the engine: boxlab/vm:bbb (profile vm). Restart Boxlab (it builds missing images) or run `npm run images`.',
    );
  });

  it('store: passes on a working store, fails when its file is gone or is no database', async () => {
    const dir = tempDir();
    const file = join(dir, 'boxlab.sqlite');
    const store = openSqliteStore(file);
    try {
      await expect(storeCheck(file).run()).resolves.toMatch(/answers reads and takes writes/);
      // The probe's write was rolled back: the store is as it was.
      store.markVisited('l', 'a/b', 1);
      expect(store.progress('l').lastLesson).toBe('a/b');
    } finally {
      store.close();
    }
    writeFileSync(join(dir, 'junk.sqlite'), 'not a database, not at all '.repeat(40));
    await expect(storeCheck(join(dir, 'junk.sqlite')).run()).rejects.toThrow(/cannot be used \(file is not a database\)/);
    await expect(storeCheck(join(dir, 'gone.sqlite')).run()).rejects.toThrow(/is gone: restore it from a backup/);
  });

  it('data dir: passes when a file can be written there, and leaves none', async () => {
    const dir = tempDir();
    await expect(dataDirCheck(dir).run()).resolves.toBe(`The data dir ${dir} is writable.`);
    await expect(dataDirCheck(join(dir, 'missing')).run()).rejects.toThrow(/is not writable \(ENOENT/);
  });
});
