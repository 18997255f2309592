/**
 * `npm run backup` while the store is open and being written (as a running server has it): the copy is consistent
 * (the rows of one moment, in order), restores into a fresh data dir as the docs say, and the real store opens it
 * with every row it had: progress, workshops, members, attempts.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite-progress-store.ts';
import type { Store } from '../../server/store/store.ts';
import { backupStore } from '../../scripts/store-backup.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'boxlab-backup-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `npm run backup -- --out FILE` as an operator runs it, in a process of its own. */
function runBackup(dataDir: string, out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/backup.ts', '--out', out], { env: { ...process.env, BOXLAB_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function seed(store: Store): void {
  store.markVisited('learner-a', 'containers/what-is-a-container', 1000);
  store.markPassed('learner-a', 'containers/what-is-a-container', 'run-hello', 1001);
  store.createWorkshop({
    id: 'w1',
    code: 'ABC234',
    title: 'Morning class',
    lessons: ['containers/what-is-a-container'],
    capacity: 30,
    startsAt: 1000,
    endsAt: 9000,
    sandboxMinutes: 120,
    passwordHash: undefined,
    prewarmShare: 1,
    endedAt: undefined,
    createdBy: 'i:abc',
    createdAt: 900,
  });
  store.addMember({ workshop: 'w1', member: 'm1', learner: 'learner-a', name: 'Alice', joinedAt: 1100 });
  store.recordAttempt({ learner: 'learner-a', lesson: 'containers/what-is-a-container', exercise: 'run-hello', status: 'passed', output: 'well done', at: 1200 });
}

describe('npm run backup', () => {
  it('copies the store while it is open and written, and the copy restores with every row', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore(join(dataDir, 'boxlab.sqlite'));
    let written = 0;
    try {
      seed(store);
      // Rows numbered in the order they are written, as fast as the event loop lets this process write.
      const write = () => store.markVisited(`writer-${String(written).padStart(6, '0')}`, 'containers/what-is-a-container', ++written);
      for (let i = 0; i < 200; i++) write();
      // The rows are in the write-ahead log, not yet in the database file: a plain copy of the file would miss them.
      expect(statSync(join(dataDir, 'boxlab.sqlite-wal')).size).toBeGreaterThan(0);
      const writer = setInterval(() => {
        for (let i = 0; i < 20; i++) write();
      }, 1);
      const before = written;
      const out = join(tempDir(), 'nested', 'copy.sqlite');
      let result;
      try {
        result = await runBackup(dataDir, out);
      } finally {
        clearInterval(writer);
      }
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(written - before, 'rows written while the backup ran').toBeGreaterThan(0);
      expect(result.stdout).toMatch(new RegExp(`^Backed up .*boxlab\\.sqlite to ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(\\d+ bytes, schema version \\d+\\)\\.$`, 'm'));
      expect(result.stdout).toMatch(/Keep .*secret with it/);

      // Restore as docs/operators.md says: into a fresh data dir as boxlab.sqlite, no -wal or -shm beside it.
      const restored = tempDir();
      copyFileSync(out, join(restored, 'boxlab.sqlite'));
      expect(existsSync(`${out}-wal`)).toBe(false);
      const back = openSqliteStore(join(restored, 'boxlab.sqlite'));
      try {
        expect(back.progress('learner-a')).toEqual({
          lastLesson: 'containers/what-is-a-container',
          lessons: { 'containers/what-is-a-container': { visitedAt: 1000, passed: ['run-hello'] } },
        });
        expect(back.workshop('w1')).toMatchObject({ code: 'ABC234', title: 'Morning class', capacity: 30 });
        expect(back.workshopByCode('ABC234')?.id).toBe('w1');
        expect(back.members('w1')).toEqual([expect.objectContaining({ learner: 'learner-a', name: 'Alice' })]);
        expect(back.attempts('learner-a', 0)).toEqual([expect.objectContaining({ exercise: 'run-hello', status: 'passed', output: 'well done' })]);
        // One moment's rows: every row written before the backup began, and of those written during it a prefix.
        const present = Array.from({ length: written }, (_, i) => Object.keys(back.progress(`writer-${String(i).padStart(6, '0')}`).lessons).length === 1);
        const count = present.filter(Boolean).length;
        expect(count).toBeGreaterThanOrEqual(before);
        expect(present.slice(0, count).every(Boolean)).toBe(true);
        expect(present.slice(count).some(Boolean)).toBe(false);
      } finally {
        back.close();
      }
    } finally {
      store.close();
    }
  });

  it('says what is wrong: no store there, or a target that exists', async () => {
    const empty = tempDir();
    const missing = await runBackup(empty, join(empty, 'copy.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Backup failed: There is no store at .*boxlab\.sqlite: check BOXLAB_DATA_DIR/);

    const dataDir = tempDir();
    openSqliteStore(join(dataDir, 'boxlab.sqlite')).close();
    const taken = join(dataDir, 'taken.sqlite');
    writeFileSync(taken, 'keep me');
    expect(() => backupStore(join(dataDir, 'boxlab.sqlite'), taken)).toThrow(/exists already: choose another --out/);
  });
});
