/** The browser's side of progress that travels (server/http/resume-routes.ts), typed by the shared contract. */
import { resumeUrls, DELETE_CONFIRMATION, type DeletedData, type NewResumeCode, type RedeemResume, type Redeemed, type ResumeStatus } from '../../server/contracts/resume.ts';
import { ApiFailure } from './lesson-api.ts';
import { withBase } from '../lib/base-path.ts';
import { requestJson as request } from './json-request.ts';

export { ApiFailure };


export const resumeStatus = () => request<ResumeStatus>(resumeUrls.mine, 'GET');
export const makeResumeCode = () => request<NewResumeCode>(resumeUrls.mine, 'POST', {});
export const redeemResumeCode = (input: RedeemResume) => request<Redeemed>(resumeUrls.redeem, 'POST', input);
export const deleteMyData = () => request<DeletedData>(resumeUrls.deleteMine, 'POST', { confirm: DELETE_CONFIRMATION });

/** The link another browser opens: the site's resume page (under the site's base path), the code in the fragment. */
export function resumeLink(code: string): string {
  return new URL(`${withBase(resumeUrls.page)}#${code}`, location.origin).href;
}
