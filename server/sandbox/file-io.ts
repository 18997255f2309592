/**
 * The editor's I/O in a learner's sandbox, always as the learner (they read and write only what they may) and
 * always through exec: the engine's archive API cannot see the tmpfs home. Paths are resolved in the sandbox
 * (`realpath`) and checked by file-access.ts before anything is read or written; a file is read whole through
 * `readArchive` (exec output is capped), written in place (the same inode: a container bind-mounting that one file sees the change; owner, mode and hard links kept)
 * by a script that first compares the file's SHA-256 with the version the learner's copy was read at.
 * Paths travel as arguments, never inside the script text.
 */
import { createHash } from 'node:crypto';
import { ABSENT_VERSION, EDITOR_MAX_BYTES, type FileListing, type FileRead, type FileWritten } from '../contracts/files.ts';
import { errorCodes } from '../contracts/errors.ts';
import { BoxlabError } from '../domain/errors.ts';
import { homePath, parseListing, resolvedInHome, shownPath, sizeAllowed, textOf, type Rule } from './file-access.ts';
import type { SandboxRuntime } from './runtime.ts';

export interface FileTarget {
  runtime: SandboxRuntime;
  sandboxId: string;
  user: string;
  home: string;
}

const TIMEOUT_MS = 15_000;

const refuse = (message: string) => new BoxlabError(errorCodes.FILE_REFUSED, message);
function must<T>(rule: Rule<T>): T {
  if (!rule.ok) throw refuse(rule.refusal);
  return rule.value;
}

/** realpath -m resolves every link that exists; then the type and size of what it names (`absent` if nothing). */
const RESOLVE = 'r=$(realpath -m -- "$1") || exit 9; printf "%s\\n" "$r"; if [ -e "$r" ]; then stat -c "%F|%s" -- "$r"; else echo absent; fi';

interface Resolved {
  abs: string;
  shown: string;
  kind: 'absent' | 'file' | 'dir' | 'other';
  size: number;
}

async function sh(t: FileTarget, script: string, args: string[], stdin?: string) {
  return t.runtime.exec(t.sandboxId, { cmd: ['sh', '-c', script, 'sh', ...args], user: t.user, timeoutMs: TIMEOUT_MS, ...(stdin === undefined ? {} : { stdin }) });
}

async function resolve(t: FileTarget, asked: string): Promise<Resolved> {
  const abs = must(homePath(asked, t.home));
  const done = await sh(t, RESOLVE, [abs]);
  if (done.exitCode !== 0) throw new Error(`files: resolving ${abs} failed (${done.exitCode}): ${done.output.slice(-300)}`);
  const [real = '', facts = ''] = done.output.split('\n');
  const inHome = must(resolvedInHome(shownPath(abs, t.home), real, t.home));
  const shown = shownPath(inHome, t.home);
  if (facts === 'absent') return { abs: inHome, shown, kind: 'absent', size: 0 };
  const [type = '', size = '0'] = facts.split('|');
  const kind = type.startsWith('regular') ? 'file' : type === 'directory' ? 'dir' : 'other';
  return { abs: inHome, shown, kind, size: Number(size) };
}

export async function listFolder(t: FileTarget, asked: string): Promise<FileListing> {
  const r = await resolve(t, asked);
  if (r.kind !== 'dir') throw refuse(`${r.shown} is not a folder.`);
  const done = await sh(t, 'cd -- "$1" && find . -mindepth 1 -maxdepth 1 -printf "%y\\t%s\\t%f\\0" | head -z -n "$2"', [r.abs, String(500)]);
  if (done.exitCode !== 0) throw refuse(`${r.shown} cannot be listed: ${done.output.trim().slice(-200) || 'permission denied'}.`);
  return { path: r.shown, ...parseListing(done.output) };
}

export async function readFile(t: FileTarget, asked: string): Promise<FileRead> {
  const r = await resolve(t, asked);
  if (r.kind === 'absent') return { path: r.shown, content: '', version: ABSENT_VERSION };
  if (r.kind !== 'file') throw refuse(`${r.shown} is ${r.kind === 'dir' ? 'a folder' : 'not a regular file'}; the editor opens only files.`);
  must(sizeAllowed(r.shown, r.size));
  const bytes = fileOfTar(await collect(await t.runtime.readArchive(t.sandboxId, r.abs, t.user), EDITOR_MAX_BYTES + 64 * 1024));
  must(sizeAllowed(r.shown, bytes.length));
  return { path: r.shown, content: must(textOf(r.shown, bytes)), version: versionOf(bytes) };
}

/**
 * Exit codes of the write script: 3 the file changed (prints its version), 4 not a regular file, 5 one appeared
 * where none was, 6 could not write. Otherwise it prints the new version.
 */
const WRITE = [
  'p=$1; want=$2',
  'if [ -e "$p" ]; then [ -f "$p" ] || exit 4; have=$(sha256sum -- "$p" | cut -d" " -f1); [ "$have" = "$want" ] || { printf "%s" "$have"; exit 3; };',
  'elif [ "$want" != absent ]; then exit 3; fi',
  // In place, not a new file renamed over it: the same inode, so a container that bind-mounts this one file
  // (`docker run -v ~/site/index.html:…`) sees the change, and hard links, owner and mode stay.
  'cat > "$p" || exit 6',
  'sha256sum -- "$p" | cut -d" " -f1',
].join('\n');

export async function writeFile(t: FileTarget, asked: string, content: string, version: string): Promise<FileWritten> {
  const r = await resolve(t, asked);
  must(sizeAllowed(r.shown, Buffer.byteLength(content)));
  if (r.kind === 'dir' || r.kind === 'other') throw refuse(`${r.shown} is ${r.kind === 'dir' ? 'a folder' : 'not a regular file'}; the editor saves only files.`);
  const done = await sh(t, WRITE, [r.abs, version], content);
  if (done.exitCode === 3) {
    throw new BoxlabError(
      errorCodes.FILE_CHANGED,
      `${r.shown} changed in your sandbox since you opened it (in the terminal, or another tab). Reload it to see the change (yours are lost), or keep yours and overwrite it.`,
    );
  }
  if (done.exitCode === 4) throw refuse(`${r.shown} is not a regular file; the editor saves only files.`);
  if (done.exitCode !== 0) throw refuse(`${r.shown} could not be saved: ${done.output.trim().slice(-200) || 'the folder is missing or not writable'}.`);
  return { path: r.shown, version: done.output.trim() };
}

export const versionOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function collect(stream: AsyncIterable<Buffer | Uint8Array>, limit: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = 0;
  for await (const piece of stream) {
    total += piece.length;
    if (total > limit) throw refuse(`The file grew past the ${EDITOR_MAX_BYTES / 1024 / 1024} MiB the editor opens while it was read; use the terminal for it.`);
    pieces.push(Buffer.from(piece));
  }
  return Buffer.concat(pieces);
}

/** The data of the one regular file in a tar (pax extended headers skipped). */
export function fileOfTar(tar: Buffer): Buffer {
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (type === '0' || type === '\0') return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('files: the archive held no regular file');
}
