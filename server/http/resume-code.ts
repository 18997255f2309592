/**
 * Resume codes: made from the OS's random source, kept only as a SHA-256 hash. A plain hash (no salt, no scrypt) is
 * enough because the code is random and ~79 bits: there is no dictionary to try, and a lookup by hash stays one
 * indexed row.
 */
import { createHash, randomInt } from 'node:crypto';
import { formatResumeCode, RESUME_CODE_ALPHABET, RESUME_CODE_LENGTH } from '../contracts/resume.ts';

/** A new code, formatted in groups (randomInt draws each symbol uniformly, no modulo bias). */
export function newResumeCode(): string {
  let code = '';
  for (let i = 0; i < RESUME_CODE_LENGTH; i++) code += RESUME_CODE_ALPHABET[randomInt(RESUME_CODE_ALPHABET.length)];
  return formatResumeCode(code);
}

/** The hash stored for a code, from its normalized form (what resumeCodeSchema gives). */
export function hashResumeCode(normalized: string): string {
  return createHash('sha256').update(`boxlab-resume:${normalized}`).digest('hex');
}
