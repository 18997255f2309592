/**
 * What Boxlab needs from the Docker engine's daemon.json, merged into the operator's own file: every other setting
 * (and every other runtime) kept as it is. `node deploy/daemon-json.ts <file>` (scripts/provision.sh) writes the
 * file only when something changes, keeping the previous one beside it (<file>.boxlab-backup, made once), and prints `changed`
 * or `unchanged`. No imports but Node's: it runs before the project's dependencies exist.
 */
import { readFileSync, renameSync, writeFileSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * runsc (gVisor) without a network of its own (Boxlab's sandboxes have none anyway), allowed to connect to the host
 * sockets mounted into a sandbox (the terminal agents link to the server through one); live-restore keeps every
 * learner's sandbox running while the engine restarts or is upgraded.
 */
export const BOXLAB_DAEMON_SETTINGS = {
  'live-restore': true,
  runtimes: { runsc: { path: '/usr/bin/runsc', runtimeArgs: ['--network=none', '--host-uds=open'] } },
} as const;

type Json = Record<string, unknown>;

/** What a merge decided to leave as the operator set it, for provision to say. */
export interface MergeNotes {
  keptLiveRestoreOff: boolean;
}

/**
 * The operator's settings with Boxlab's added: every other setting and runtime kept. An explicit `live-restore: false`
 * stays (said in `notes`), and so does it when `liveRestore` is false (a swarm-mode engine refuses live-restore). An
 * operator's own `runsc` keeps its path and arguments and gains the two Boxlab needs. Throws on a file that is not
 * an object.
 */
export function mergeDaemonConfig(existing: unknown, liveRestore = true, notes: MergeNotes = { keptLiveRestoreOff: false }): Json {
  if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) {
    throw new Error('is not a JSON object');
  }
  const current = (existing ?? {}) as Json;
  const runtimes = current['runtimes'];
  if (runtimes !== undefined && (typeof runtimes !== 'object' || runtimes === null || Array.isArray(runtimes))) {
    throw new Error('has "runtimes" that is not an object');
  }
  const theirs = (runtimes as Json | undefined)?.['runsc'];
  let runsc: Json = { ...BOXLAB_DAEMON_SETTINGS.runtimes.runsc, runtimeArgs: [...BOXLAB_DAEMON_SETTINGS.runtimes.runsc.runtimeArgs] };
  if (typeof theirs === 'object' && theirs !== null && !Array.isArray(theirs)) {
    const own = theirs as Json;
    const args = Array.isArray(own['runtimeArgs']) ? (own['runtimeArgs'] as unknown[]).filter((a): a is string => typeof a === 'string') : [];
    const needed = BOXLAB_DAEMON_SETTINGS.runtimes.runsc.runtimeArgs.filter((a) => !args.some((x) => x.split('=')[0] === a.split('=')[0]));
    runsc = { ...own, path: typeof own['path'] === 'string' ? own['path'] : BOXLAB_DAEMON_SETTINGS.runtimes.runsc.path, runtimeArgs: [...args, ...needed] };
  }
  const merged: Json = { ...current, runtimes: { ...(runtimes as Json | undefined), runsc } };
  if (current['live-restore'] === false) notes.keptLiveRestoreOff = true;
  else if (liveRestore) merged['live-restore'] = true;
  return merged;
}

function main(file: string | undefined): void {
  if (!file) throw new Error('usage: node deploy/daemon-json.ts /etc/docker/daemon.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  let parsed: unknown;
  try {
    parsed = before === undefined || before.trim() === '' ? undefined : JSON.parse(before);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): fix it, then run provision again`);
  }
  let merged: Json;
  const notes: MergeNotes = { keptLiveRestoreOff: false };
  try {
    merged = mergeDaemonConfig(parsed, process.env['BOXLAB_LIVE_RESTORE'] !== 'off', notes);
  } catch (err) {
    throw new Error(`${file} ${(err as Error).message}: fix it, then run provision again`);
  }
  if (notes.keptLiveRestoreOff) console.error(`daemon.json: ${file} sets "live-restore": false, kept as you set it (an engine restart will stop every sandbox)`);
  if (parsed !== undefined && JSON.stringify(merged) === JSON.stringify(parsed)) {
    console.log('unchanged');
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  // The operator's own file, before Boxlab first changed it: kept once, never overwritten by a later run.
  if (before !== undefined && !existsSync(`${file}.boxlab-backup`)) copyFileSync(file, `${file}.boxlab-backup`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log('changed');
}

if (import.meta.main) {
  try {
    main(process.argv[2]);
  } catch (err) {
    console.error(`daemon.json: ${(err as Error).message}`);
    process.exit(1);
  }
}
