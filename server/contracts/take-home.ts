/** Take it home on the wire: the download's URL (and its measuring-only form), and what measuring answers. Pure. */

/** `check`: only measure what the download would hold (a refusal comes back as JSON, not a broken download). */
export const takeHomeUrl = (lesson: string, check = false): string => `/api/lessons/${encodeURIComponent(lesson)}/take-home${check ? '?check=1' : ''}`;
export const TAKE_HOME_ROUTE = '/api/lessons/:lesson/take-home';

export interface TakeHomeCheck {
  homeBytes: number;
  /** Images the learner built (docker profile), saved into the archive. */
  images: string[];
  imagesBytes: number;
}
