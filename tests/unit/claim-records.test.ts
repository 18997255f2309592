/**
 * Claim records (server/sessions/claim-records.ts) on a temporary directory: what is written is read back whole,
 * only by the server's user, the last of a sandbox's writes is kept, no record reads as none, and anything that is
 * not a small regular file (a link, a pipe) is refused rather than taken for a record or waited on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimRecordFiles } from '../../server/sessions/claim-records.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function onTmp() {
  const root = mkdtempSync(join(tmpdir(), 'boxlab-claims-'));
  roots.push(root);
  const dir = join(root, '.claims');
  return { root, dir, records: claimRecordFiles(dir) };
}

describe('claim records', () => {
  it('reads back what was written, only by the server, and nothing for a sandbox without one', async () => {
    const { dir, records } = onTmp();
    expect(await records.read('aaaa')).toBeUndefined();
    await records.write('aaaa', 'bx-unit-aaaa--claim');
    expect(await records.read('aaaa')).toBe('bx-unit-aaaa--claim');
    expect(statSync(join(dir, 'aaaa')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // Nothing written aside is left behind.
    expect(readdirSync(dir)).toEqual(['aaaa']);
  });

  it('keeps the last of a sandbox\'s writes when they overlap', async () => {
    const { records } = onTmp();
    await Promise.all(['first', 'second', 'third'].map((n) => records.write('bbbb', n)));
    expect(await records.read('bbbb')).toBe('third');
  });

  it('refuses a link or a pipe in a record\'s place instead of following or waiting on it', async () => {
    const { root, dir, records } = onTmp();
    await records.write('cccc', 'x');
    writeFileSync(join(root, 'elsewhere'), 'bx-unit-cccc--someone-else\n');
    rmSync(join(dir, 'cccc'));
    symlinkSync(join(root, 'elsewhere'), join(dir, 'cccc'));
    await expect(records.read('cccc')).rejects.toThrow();
    execFileSync('mkfifo', [join(dir, 'dddd')]);
    await expect(records.read('dddd')).rejects.toThrow(/regular file/);
    await expect(records.read('../x')).rejects.toThrow(/bad sandbox suffix/);
  });

  it('forgets a removed sandbox\'s record, and prunes those of sandboxes not held', async () => {
    const { dir, records } = onTmp();
    await records.write('keep', 'a');
    await records.write('gone', 'b');
    await records.write('also', 'c');
    await records.remove('also');
    expect(await records.prune(new Set(['keep']))).toBe(1);
    expect(readdirSync(dir)).toEqual(['keep']);
  });
});
