/**
 * `npm run backup [-- --out FILE]`: a consistent copy of the store (BOXLAB_DATA_DIR/boxlab.sqlite), safe while the
 * server runs. Without --out it goes to BOXLAB_DATA_DIR/backups/boxlab-<UTC time>.sqlite. Restoring it is in
 * docs/operators.md#backups.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config/load.ts';
import { STORE_FILE_NAME } from '../server/config/schema.ts';
import { backupName, backupStore } from './store-backup.ts';

let out: string | undefined;
try {
  ({ values: { out } } = parseArgs({ options: { out: { type: 'string' } } }));
} catch (err) {
  console.error(`${(err as Error).message}\nUsage: npm run backup [-- --out FILE]`);
  process.exit(2);
}
try {
  const config = loadConfig(process.env);
  const source = join(config.dataDir, STORE_FILE_NAME);
  const target = resolve(out ?? join(config.dataDir, 'backups', backupName(new Date())));
  const result = backupStore(source, target);
  console.log(`Backed up ${resolve(source)} to ${result.file} (${result.bytes} bytes, schema version ${result.schemaVersion}).`);
  console.log(
    config.secret
      ? 'Keep BOXLAB_SECRET with it: learners reach their progress through cookies it signed.'
      : `Keep ${resolve(config.dataDir, 'secret')} with it: learners reach their progress through cookies that secret signed.`,
  );
  console.log('To restore: docs/operators.md#backups (stop the server, copy it in as boxlab.sqlite, remove boxlab.sqlite-wal and -shm).');
} catch (err) {
  console.error(`Backup failed: ${(err as Error).message}`);
  process.exit(1);
}
