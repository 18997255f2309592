/**
 * Claim records in the sandboxes' agent directories (server/sessions/claim-records.ts), on a temporary directory:
 * what is written is read back whole, the last of a sandbox's writes is the one kept, and no record reads as none.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLAIM_FILE, claimRecordFiles } from '../../server/sessions/claim-records.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function onTmp() {
  const root = mkdtempSync(join(tmpdir(), 'boxlab-claims-'));
  roots.push(root);
  const dirFor = (suffix: string) => join(root, suffix);
  return { root, dirFor, records: claimRecordFiles({ dirFor }) };
}

describe('claim records', () => {
  it('reads back what was written, only by the server, and nothing for a sandbox without one', async () => {
    const { dirFor, records } = onTmp();
    mkdirSync(dirFor('aaaa'));
    expect(await records.read('aaaa')).toBeUndefined();
    await records.write('aaaa', 'bx-unit-aaaa--claim');
    expect(await records.read('aaaa')).toBe('bx-unit-aaaa--claim');
    expect(statSync(join(dirFor('aaaa'), CLAIM_FILE)).mode & 0o777).toBe(0o600);
    // Nothing written aside is left behind.
    expect(readdirSync(dirFor('aaaa'))).toEqual([CLAIM_FILE]);
    expect(await records.read('missing')).toBeUndefined();
  });

  it('keeps the last of a sandbox\'s writes when they overlap', async () => {
    const { dirFor, records } = onTmp();
    mkdirSync(dirFor('bbbb'));
    await Promise.all(['first', 'second', 'third'].map((n) => records.write('bbbb', n)));
    expect(await records.read('bbbb')).toBe('third');
  });

  it('fails a write when the sandbox has no directory (the caller renames instead)', async () => {
    const { records } = onTmp();
    await expect(records.write('gone', 'name')).rejects.toThrow();
  });
});
