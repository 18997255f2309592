/**
 * Progress that travels (no accounts): a resume code carries a learner's identity to another browser, and a learner
 * may delete everything Boxlab keeps about them. The code's shape, the bodies and the URLs, shared by site and
 * server. Pure.
 */
import * as z from 'zod/mini';

/** No 0/O, 1/I/L: read aloud or copied by hand, nothing is mistaken for something else. */
export const RESUME_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RESUME_CODE_GROUPS = 4;
export const RESUME_CODE_GROUP_LENGTH = 4;
/** 16 symbols of 31: log2(31^16) ≈ 79 bits, far beyond guessing at a rate-limited handful of tries a minute. */
export const RESUME_CODE_LENGTH = RESUME_CODE_GROUPS * RESUME_CODE_GROUP_LENGTH;

/** What a person types: case, spaces and dashes do not matter ("abcd-efgh …" is "ABCDEFGH…"). */
export function normalizeResumeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/** The code as shown: four groups of four, dashes between ("ABCD-EFGH-JKMN-PQRS"). */
export function formatResumeCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += RESUME_CODE_GROUP_LENGTH) groups.push(code.slice(i, i + RESUME_CODE_GROUP_LENGTH));
  return groups.join('-');
}

export const resumeCodeSchema = z.pipe(z.pipe(z.string({ error: 'type your resume code' }).check(z.maxLength(60, 'a resume code is 16 letters and digits')), z.transform(normalizeResumeCode)), z.string().check(z.refine(
    (c) => c.length === RESUME_CODE_LENGTH && [...c].every((ch) => RESUME_CODE_ALPHABET.includes(ch)),
    'a resume code is 16 letters and digits in four groups, e.g. ABCD-EFGH-JKMN-PQRS (no 0, 1, I, L or O)',
  )));

export const redeemResumeSchema = z.object({ code: resumeCodeSchema });
export type RedeemResume = z.input<typeof redeemResumeSchema>;

/** Deleting one's data cannot be undone: the body must say so in words, so no stray request does it. */
export const DELETE_CONFIRMATION = 'delete my data';
export const deleteMyDataSchema = z.object({
  confirm: z.literal(DELETE_CONFIRMATION, { error: `confirm with "${DELETE_CONFIRMATION}"` }),
});

export interface ResumeStatus {
  /** When the current code was made; null: none (never made, or deleted). The code itself is never shown again. */
  createdAt: number | null;
}
export interface NewResumeCode {
  /** Formatted in groups; shown once, only its hash is kept. */
  code: string;
  createdAt: number;
}
export interface Redeemed {
  /** Lessons this browser now has progress in. */
  lessons: number;
}
export interface DeletedData {
  removedSandboxes: number;
}

export const resumeUrls = {
  /** GET: is there a code; POST: make a new one (the old one stops working). */
  mine: '/api/me/resume-code',
  /** POST `{ code }`: this browser becomes the learner the code belongs to. */
  redeem: '/api/resume',
  /** POST `{ confirm }`: forget the learner; the cookie is cleared. */
  deleteMine: '/api/me/delete',
  /** The page a resume link opens; the code travels in the fragment, which no server or log sees. */
  page: '/resume/',
} as const;
