/**
 * What Boxlab needs from the Docker engine's daemon.json, merged into the operator's own file: every other setting
 * (and every other runtime) kept as it is. `node deploy/daemon-json.ts <file>` (scripts/provision.sh) writes the
 * file only when something changes, keeping the previous one beside it (<file>.boxlab-backup), and prints `changed`
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

/** The operator's settings with Boxlab's on top (runtimes merged by name). Throws on a file that is not an object. */
export function mergeDaemonConfig(existing: unknown): Json {
  if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) {
    throw new Error('is not a JSON object');
  }
  const current = (existing ?? {}) as Json;
  const runtimes = current['runtimes'];
  if (runtimes !== undefined && (typeof runtimes !== 'object' || runtimes === null || Array.isArray(runtimes))) {
    throw new Error('has "runtimes" that is not an object');
  }
  return { ...current, 'live-restore': true, runtimes: { ...(runtimes as Json | undefined), ...BOXLAB_DAEMON_SETTINGS.runtimes } };
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
  try {
    merged = mergeDaemonConfig(parsed);
  } catch (err) {
    throw new Error(`${file} ${(err as Error).message}: fix it, then run provision again`);
  }
  if (parsed !== undefined && JSON.stringify(merged) === JSON.stringify(parsed)) {
    console.log('unchanged');
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  if (before !== undefined) copyFileSync(file, `${file}.boxlab-backup`);
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
