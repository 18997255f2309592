/**
 * A consistent copy of the store while the server runs: SQLite's `VACUUM INTO` reads one snapshot (a read
 * transaction, which a writer in WAL mode does not block, nor it the writer) and writes it as a compacted database
 * of its own, with no -wal to go with it. The copy is then opened and checked before it is called a backup.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface BackupResult {
  file: string;
  bytes: number;
  /** The schema version (migrations run) in the copy. */
  schemaVersion: number;
}

export function backupStore(source: string, target: string): BackupResult {
  if (!existsSync(source)) throw new Error(`There is no store at ${source}: check BOXLAB_DATA_DIR (the server keeps boxlab.sqlite there).`);
  if (existsSync(target)) throw new Error(`${target} exists already: choose another --out, or remove it first.`);
  mkdirSync(dirname(target), { recursive: true });
  // Read-write, not read-only: a reader of a WAL database must be able to use its shared-memory index. It only reads.
  const db = new DatabaseSync(source, { timeout: 5000 });
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  const copy = new DatabaseSync(target, { readOnly: true });
  try {
    const check = copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
    if (check.integrity_check !== 'ok') throw new Error(`The copy at ${target} failed its integrity check (${check.integrity_check}); try again.`);
    const { user_version } = copy.prepare('PRAGMA user_version').get() as { user_version: number };
    return { file: target, bytes: statSync(target).size, schemaVersion: user_version };
  } finally {
    copy.close();
  }
}

/** `boxlab-2026-05-01T09-30-00Z.sqlite`: sorts by time, and is a valid file name everywhere. */
export function backupName(at: Date): string {
  return `boxlab-${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z.sqlite`;
}
