/**
 * The random and the hashed of workshops: join codes, ids, instructor tokens (high-entropy, so a SHA-256 hash is
 * enough to store them), and workshop passwords (chosen by people, so scrypt with a salt).
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../contracts/workshop.ts';

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export const newId = (bytes = 9): string => randomBytes(bytes).toString('base64url');

/** An instructor token as printed: a prefix says what it is, 32 random bytes say nothing else. */
export const newInstructorToken = (): string => `bxi_${randomBytes(32).toString('base64url')}`;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

// Off the event loop: thirty learners typing the password at 9:00 must not stall everyone's terminals.
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt:${salt.toString('base64url')}:${(await scryptAsync(password, salt, 32)).toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const given = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(given, expected);
}
