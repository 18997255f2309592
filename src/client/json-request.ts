/**
 * A JSON call to Boxlab's API from the browser, under the site's base path: the answer typed by the caller, a
 * coded refusal or a lost connection as an ApiFailure with a sentence to show.
 */
import { ApiFailure } from './lesson-api.ts';
import { withBase } from '../lib/base-path.ts';

export async function requestJson<T>(url: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withBase(url), {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'offline', 'The server cannot be reached. Check your connection and try again.');
  }
  const answer = (await res.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  if (!res.ok) {
    const { code, message } = answer?.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') throw new ApiFailure(res.status, code, message);
    throw new ApiFailure(res.status, 'http', `The server answered ${res.status}. Try again.`);
  }
  return answer as T;
}
