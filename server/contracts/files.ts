/**
 * The editor on the wire: list a folder of the learner's home, read a file (its text and version), write it back
 * with the version it was read at. Paths are the learner's as typed (`~/app/Dockerfile`, `app/Dockerfile`); the
 * server resolves them (sandbox/file-access.ts). Shared by site and server. Pure.
 */
import * as z from 'zod/mini';
import { nodeNameSchema } from './lesson.ts';

/** Largest file the editor opens or saves. */
export const EDITOR_MAX_BYTES = 1024 * 1024;
/** Most entries one folder listing answers (the rest are counted, not named). */
export const EDITOR_MAX_ENTRIES = 200;
/** A version of a file that does not exist yet (saving creates it, unless one appeared meanwhile). */
export const ABSENT_VERSION = 'absent';

export const filePathSchema = z.string().check(z.minLength(1, 'path: empty'), z.maxLength(1024, 'path: at most 1024 characters'), z.refine((p) => !p.includes('\0'), 'path: no NUL characters'));

const versionSchema = z.union([z.literal(ABSENT_VERSION), z.string().check(z.regex(/^[0-9a-f]{64}$/, 'version: a SHA-256 in hex, or "absent"'))]);

/** Query of a listing or a read; `node` chooses the machine of a lab. */
export const fileQuerySchema = z.object({ path: filePathSchema, node: z.optional(nodeNameSchema) });
export type FileQuery = z.infer<typeof fileQuerySchema>;

export const fileWriteSchema = z.object({
  path: filePathSchema,
  node: z.optional(nodeNameSchema),
  /** Text only; its UTF-8 bytes are counted against EDITOR_MAX_BYTES. */
  content: z.string().check(z.maxLength(EDITOR_MAX_BYTES, 'content: too long for the editor')),
  /** The version the learner's copy was read at: the save is refused (409) if the file is not at it any more. */
  version: versionSchema,
});
export type FileWrite = z.infer<typeof fileWriteSchema>;

export type FileEntryType = 'file' | 'dir' | 'link' | 'other';
export interface FileEntry {
  name: string;
  type: FileEntryType;
  size: number;
}
export interface FileListing {
  /** The folder, as the learner reads it (`~/app`). */
  path: string;
  entries: FileEntry[];
  /** Entries past EDITOR_MAX_ENTRIES, not named. */
  more: number;
}
export interface FileRead {
  path: string;
  content: string;
  version: string;
}
export interface FileWritten {
  path: string;
  version: string;
}

export const FILES_ROUTE = '/api/lessons/:lesson/files';
export const FILE_ROUTE = '/api/lessons/:lesson/file';
const q = (path: string, node?: string) => `?path=${encodeURIComponent(path)}${node ? `&node=${encodeURIComponent(node)}` : ''}`;
export const filesUrl = (lesson: string, path: string, node?: string): string => `/api/lessons/${encodeURIComponent(lesson)}/files${q(path, node)}`;
export const fileUrl = (lesson: string, path?: string, node?: string): string =>
  `/api/lessons/${encodeURIComponent(lesson)}/file${path === undefined ? '' : q(path, node)}`;
