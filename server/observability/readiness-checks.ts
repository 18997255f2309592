/**
 * What /readyz checks, each a small function over one piece of I/O: the engine answers, every learner image of
 * the catalog is in it, the store's file can be read and written, the data dir takes a file. Each throws an
 * Error whose message says what is wrong and what to do (readiness.ts bounds their time and keeps the answer).
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ProfileCatalog } from '../sandbox/profile-catalog.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { ReadinessCheck } from './readiness.ts';

export function engineCheck(runtime: Pick<SandboxRuntime, 'dataRoot'>): ReadinessCheck {
  return {
    name: 'engine',
    asks: 'the Docker engine',
    async run() {
      try {
        const root = await runtime.dataRoot();
        return `The Docker engine answers${root ? ` (data in ${root})` : ''}.`;
      } catch (err) {
        throw new Error(`The Docker engine does not answer (${(err as Error).message}): start it, or point DOCKER_HOST at it.`, { cause: err });
      }
    },
  };
}

export function imagesCheck(runtime: Pick<SandboxRuntime, 'imageExists'>, catalog: ProfileCatalog): ReadinessCheck {
  return {
    name: 'images',
    asks: 'the Docker engine (asked for the learner images)',
    async run() {
      const entries = [...catalog].map(([profile, entry]) => ({ profile, tag: entry.imageTag }));
      let found: boolean[];
      try {
        found = await Promise.all(entries.map((e) => runtime.imageExists(e.tag)));
      } catch (err) {
        throw new Error(`Could not ask the engine for the learner images (${(err as Error).message}).`, { cause: err });
      }
      const missing = entries.filter((_, i) => !found[i]);
      if (missing.length === 0) return `Every learner image is in the engine (${entries.map((e) => `${e.profile}: ${e.tag}`).join(', ')}).`;
      const list = missing.map((e) => `${e.tag} (profile ${e.profile})`).join(', ');
      throw new Error(`Learner image${missing.length > 1 ? 's' : ''} missing from the engine: ${list}. Restart Boxlab (it builds missing images) or run \`npm run images\`.`);
    },
  };
}

/**
 * The store's file, opened anew (what a restart would find, not only the connection the server holds): it must
 * exist, be a database that answers a read, and take a write. The write is made in a transaction that is rolled
 * back. node:sqlite is synchronous, so a lock held by another process is waited for briefly only.
 */
export function storeCheck(file: string): ReadinessCheck {
  return {
    name: 'store',
    asks: 'the store',
    async run() {
      if (!existsSync(file)) throw new Error(`The store ${file} is gone: restore it from a backup (docs/operators.md#backups) or restart Boxlab to begin an empty one.`);
      let db: DatabaseSync | undefined;
      try {
        db = new DatabaseSync(file, { timeout: 100 });
        const { tables } = db.prepare("SELECT count(*) AS tables FROM sqlite_master WHERE type = 'table'").get() as { tables: number };
        db.exec('BEGIN IMMEDIATE');
        try {
          db.exec('CREATE TABLE boxlab_readiness_probe (x INTEGER)');
        } finally {
          db.exec('ROLLBACK');
        }
        return `The store ${file} answers reads and takes writes (${tables} tables).`;
      } catch (err) {
        const message = (err as Error).message;
        // Another process (lesson CI, a backup) writing at this moment: the server's own writes wait for it.
        if (/database is locked/.test(message)) return `The store ${file} answers; another process holds its write lock at the moment.`;
        throw new Error(`The store ${file} cannot be used (${message}): check its file and the disk, or restore a backup (docs/operators.md#backups).`, { cause: err });
      } finally {
        db?.close();
      }
    },
  };
}

export function dataDirCheck(dataDir: string): ReadinessCheck {
  return {
    name: 'data-dir',
    asks: 'the data dir',
    async run() {
      const probe = join(dataDir, `.readyz-${process.pid}`);
      try {
        await writeFile(probe, 'boxlab readiness probe\n');
        await rm(probe, { force: true });
        return `The data dir ${dataDir} is writable.`;
      } catch (err) {
        throw new Error(`The data dir ${dataDir} is not writable (${(err as Error).message}): check that it exists, its owner, and free space (BOXLAB_DATA_DIR).`, {
          cause: err,
        });
      }
    },
  };
}
