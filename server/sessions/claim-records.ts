/**
 * Where a claim is written first: a file in the sandbox's agent directory on the host (AgentDirs), which only the
 * server writes (the sandbox has it mounted read-only, and the file is the server's alone to read). Writing it takes
 * well under a millisecond; writing the claim into the container's name (sandbox/claims.ts) takes a `docker rename`,
 * and a class arriving at once queues a hundred of those in the engine. So a claim is recorded here, the sandbox is
 * handed over, and the name follows in the background (claim-names.ts). After a restart reconcile.ts reads both.
 *
 * The record holds the name the container is to have: one format, read back with the same parser.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClaimRecords {
  /** Record the claimed name of the sandbox with this suffix; resolves once a restarted server would read it. */
  write(suffix: string, claimedName: string): Promise<void>;
  /** The claimed name recorded for it, if any. */
  read(suffix: string): Promise<string | undefined>;
}

/** The record's file name in a sandbox's agent directory (removed with the directory when the sandbox goes). */
export const CLAIM_FILE = 'claim';

/** Records in each sandbox's agent directory; `dirFor` is AgentDirs.dirFor. */
export function claimRecordFiles(dirs: { dirFor(suffix: string): string }): ClaimRecords {
  // One sandbox's writes in the order they were asked (a claim, then an extension): the last asked is the last kept.
  const last = new Map<string, Promise<void>>();
  return {
    write(suffix, claimedName) {
      const dir = dirs.dirFor(suffix);
      const mine = (last.get(suffix) ?? Promise.resolve()).catch(() => undefined).then(async () => {
        // Written aside and moved into place: a reader sees the old record or the new one, never half of one.
        const aside = join(dir, `.${CLAIM_FILE}.${randomBytes(4).toString('hex')}`);
        await writeFile(aside, `${claimedName}\n`, { mode: 0o600 });
        await rename(aside, join(dir, CLAIM_FILE));
      });
      last.set(suffix, mine);
      const done = () => void (last.get(suffix) === mine && last.delete(suffix));
      mine.then(done, done);
      return mine;
    },
    async read(suffix) {
      const text = await readFile(join(dirs.dirFor(suffix), CLAIM_FILE), 'utf8').catch(() => undefined);
      return text?.trim() || undefined;
    },
  };
}
