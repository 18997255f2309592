/** The browser's side of the editor API (server/http/file-routes.ts). */
import { ABSENT_VERSION, fileUrl, filesUrl, type FileListing, type FileRead, type FileWritten } from '../../server/contracts/files.ts';
import { withBase } from '../lib/base-path.ts';

export { ABSENT_VERSION };

export class FileFailure extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withBase(url), { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new FileFailure(0, 'offline', 'The server cannot be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!res.ok) throw new FileFailure(res.status, body?.error?.code ?? 'http', body?.error?.message ?? `The server answered ${res.status}.`);
  return body as T;
}

export interface Where {
  lesson: string;
  node?: string | undefined;
}

export const listFolder = (w: Where, path: string) => call<FileListing>(filesUrl(w.lesson, path, w.node));
export const readFile = (w: Where, path: string) => call<FileRead>(fileUrl(w.lesson, path, w.node));
export const writeFile = (w: Where, path: string, content: string, version: string) =>
  call<FileWritten>(fileUrl(w.lesson), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path, content, version, ...(w.node ? { node: w.node } : {}) }),
  });
