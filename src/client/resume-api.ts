/** The browser's side of progress that travels (server/http/resume-routes.ts), typed by the shared contract. */
import { resumeUrls, DELETE_CONFIRMATION, type DeletedData, type NewResumeCode, type RedeemResume, type Redeemed, type ResumeStatus } from '../../server/contracts/resume.ts';
import { ApiFailure } from './lesson-api.ts';
import { withBase } from '../lib/base-path.ts';

export { ApiFailure };

async function request<T>(url: string, method: 'GET' | 'POST', body?: unknown): Promise<T> {
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

export const resumeStatus = () => request<ResumeStatus>(resumeUrls.mine, 'GET');
export const makeResumeCode = () => request<NewResumeCode>(resumeUrls.mine, 'POST', {});
export const redeemResumeCode = (input: RedeemResume) => request<Redeemed>(resumeUrls.redeem, 'POST', input);
export const deleteMyData = () => request<DeletedData>(resumeUrls.deleteMine, 'POST', { confirm: DELETE_CONFIRMATION });

/** The link another browser opens: the site's resume page (under the site's base path), the code in the fragment. */
export function resumeLink(code: string): string {
  return new URL(`${withBase(resumeUrls.page)}#${code}`, location.origin).href;
}
