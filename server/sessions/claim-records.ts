/**
 * Where a claim is written first: a file of the server's own on the host, in the agent root's `.claims/` directory,
 * which no sandbox mounts (each sandbox mounts only its own agent directory, and a learner who is root in an elevated
 * sandbox could remount that writable). Writing it takes well under a millisecond; writing the claim into the
 * container's name (sandbox/claims.ts) takes a `docker rename`, and a class arriving at once queues a hundred of
 * those in the engine. So a claim is recorded here, the sandbox is handed over, and the name follows in the
 * background (claim-names.ts). After a restart reconcile.ts reads both.
 *
 * The record holds the name the container is to have: one format, read back with the same parser.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClaimRecords {
  /** Record the claimed name of the sandbox with this suffix; resolves once a restarted server would read it. */
  write(suffix: string, claimedName: string): Promise<void>;
  /** The claimed name recorded for it; undefined: none. Rejects when there may be one that cannot be read. */
  read(suffix: string): Promise<string | undefined>;
  /** Forget the sandbox's record (it is gone). */
  remove(suffix: string): Promise<void>;
  /** Forget the records of every sandbox but these (at start-up, after reconcile). */
  prune(keep: ReadonlySet<string>): Promise<number>;
}

const SUFFIX = /^[a-z0-9-]{1,40}$/;
/** A record is one container name: far below this. */
const MAX_RECORD_BYTES = 512;

/** Records as files in `dir` (the agent root's `.claims/`, made on first write, only the server's user may enter). */
export function claimRecordFiles(dir: string): ClaimRecords {
  const fileOf = (suffix: string) => {
    if (!SUFFIX.test(suffix)) throw new Error(`bad sandbox suffix ${JSON.stringify(suffix)}`);
    return join(dir, suffix);
  };
  // One sandbox's writes in the order they were asked (a claim, then an extension): the last asked is the last kept.
  const last = new Map<string, Promise<void>>();
  return {
    write(suffix, claimedName) {
      const file = fileOf(suffix);
      const mine = (last.get(suffix) ?? Promise.resolve()).catch(() => undefined).then(async () => {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        // Written aside and moved into place: a reader sees the old record or the new one, never half of one.
        const aside = join(dir, `.${suffix}.${randomBytes(4).toString('hex')}`);
        await writeFile(aside, `${claimedName}\n`, { mode: 0o600 });
        await rename(aside, file);
      });
      last.set(suffix, mine);
      const done = () => void (last.get(suffix) === mine && last.delete(suffix));
      mine.then(done, done);
      return mine;
    },
    async read(suffix) {
      // Only a regular file, never through a link: a record is the server's, and nothing else is taken for one.
      const handle = await open(fileOf(suffix), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      });
      if (!handle) return undefined;
      try {
        const stat = await handle.stat();
        if (!stat.isFile() || stat.size > MAX_RECORD_BYTES) throw new Error(`the claim record of ${suffix} is not a small regular file`);
        return (await handle.readFile('utf8')).trim() || undefined;
      } finally {
        await handle.close();
      }
    },
    async remove(suffix) {
      await rm(fileOf(suffix), { force: true });
    },
    async prune(keep) {
      const names = await readdir(dir).catch(() => [] as string[]);
      // Records of sandboxes no longer held, and writes a crash left aside (`.<suffix>.<random>`).
      const stale = names.filter((n) => !keep.has(n) && !last.has(n));
      await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
      return stale.length;
    },
  };
}
