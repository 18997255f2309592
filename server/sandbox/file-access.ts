/**
 * The editor's rules for a learner's files, pure: which paths name something in the home (no `..`, nothing
 * outside), what a resolved path (after links) may be, which bytes are text, how large a file may be, and how a
 * folder listing printed in the sandbox reads. The I/O is file-io.ts; every refusal is a sentence for the learner.
 */
import { posix } from 'node:path';
import { EDITOR_MAX_BYTES, EDITOR_MAX_ENTRIES, type FileEntry, type FileEntryType } from '../contracts/files.ts';

export type Rule<T> = { ok: true; value: T } | { ok: false; refusal: string };
const ok = <T>(value: T): Rule<T> => ({ ok: true, value });
const no = <T>(refusal: string): Rule<T> => ({ ok: false, refusal });

/** `~/app/x`, `app/x`, `~`, or an absolute path under the home → an absolute path in the home. */
export function homePath(asked: string, home: string): Rule<string> {
  const said = asked.trim();
  if (said === '' || said.includes('\0')) return no('Give a path in your home folder, e.g. ~/app/Dockerfile.');
  const rel = said === '~' ? '' : said.startsWith('~/') ? said.slice(2) : said;
  if (rel.split('/').includes('..')) return no(`“${said}” goes up a folder with “..”: the editor opens only files in your home folder (${home}); give the path without “..”.`);
  const abs = posix.normalize(rel.startsWith('/') ? rel : posix.join(home, rel)).replace(/\/+$/, '') || '/';
  if (!isInHome(abs, home)) return no(`“${said}” is outside your home folder (${home}); the editor opens only files there.`);
  return ok(abs);
}

export function isInHome(abs: string, home: string): boolean {
  return abs === home || abs.startsWith(`${home}/`);
}

/** Where a path really leads (realpath in the sandbox) must stay in the home: a link that leads out is refused. */
export function resolvedInHome(asked: string, resolved: string, home: string): Rule<string> {
  if (isInHome(resolved, home)) return ok(resolved);
  return no(`“${asked}” is a link (or goes through one) that leads out of your home folder, to ${resolved}; the editor opens only files in ${home}.`);
}

/** How the learner reads an absolute path of their home: `~/app/x`. */
export function shownPath(abs: string, home: string): string {
  return abs === home ? '~' : isInHome(abs, home) ? `~/${abs.slice(home.length + 1)}` : abs;
}

export function sizeAllowed(shown: string, bytes: number, max = EDITOR_MAX_BYTES): Rule<number> {
  if (bytes <= max) return ok(bytes);
  return no(`${shown} holds ${mib(bytes)}, more than the ${mib(max)} the editor opens or saves; use the terminal for it (less, nano, vim).`);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;

/** Text is UTF-8 without NUL bytes; anything else is binary, which the editor would corrupt. */
export function textOf(shown: string, bytes: Uint8Array): Rule<string> {
  const binary = no<string>(`${shown} is a binary file (not UTF-8 text); the editor opens only text. Look at it in the terminal (e.g. xxd ${shown} | less).`);
  if (bytes.includes(0)) return binary;
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    return binary;
  }
}

/**
 * The listing a sandbox prints: `find -printf '%y\t%s\t%f\0'` per entry (type letter, size, name), NUL-separated
 * so any name survives. Sorted: folders first, then by name.
 */
export function parseListing(printed: string, max = EDITOR_MAX_ENTRIES): { entries: FileEntry[]; more: number } {
  const entries: FileEntry[] = [];
  for (const record of printed.split('\0')) {
    const m = /^([a-zA-Z])\t(\d+)\t([^/]+)$/s.exec(record);
    if (!m) continue;
    entries.push({ type: typeOf(m[1]!), size: Number(m[2]), name: m[3]! });
  }
  entries.sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries: entries.slice(0, max), more: Math.max(0, entries.length - max) };
}

function typeOf(letter: string): FileEntryType {
  return letter === 'f' ? 'file' : letter === 'd' ? 'dir' : letter === 'l' ? 'link' : 'other';
}
