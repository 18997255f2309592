/**
 * An instructor's session names the token it signed in with; once that token is gone (removed from
 * BOXLAB_INSTRUCTOR_TOKENS, or from the store), the session no longer stands (server/http/instructor-auth.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instructorOf, instructorTokens } from '../../server/http/instructor-auth.ts';
import { openSqliteStore } from '../../server/store/sqlite-progress-store.ts';
import { cookieKeys } from '../../server/domain/cookie-keys.ts';
import { INSTRUCTOR_COOKIE, signInstructor } from '../../server/workshops/instructor-session.ts';
import { tokenHash } from '../../server/workshops/secrets.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const CONFIGURED = 'configured-token-0123456789-abcdef';
const STORED = 'stored-token-0123456789-abcdefghij';
const keys = cookieKeys('a-secret-that-is-long-enough-0123456789', []);

function setup(configured: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'boxlab-tokens-'));
  dirs.push(dir);
  const store = openSqliteStore(join(dir, 'boxlab.sqlite'));
  store.addInstructorToken(tokenHash(STORED), 'test', 0);
  return { store, tokens: instructorTokens(store, configured) };
}
const request = (who: string) => ({ headers: { cookie: `${INSTRUCTOR_COOKIE}=${signInstructor(keys, who, 10_000)}` } });

describe('instructor sessions and their tokens', () => {
  it('stand while their token does, configured or stored', () => {
    const { tokens } = setup([CONFIGURED]);
    const byConfig = tokens.check(CONFIGURED)!;
    const byStore = tokens.check(STORED)!;
    expect(instructorOf(request(byConfig), keys, 0, tokens)).toBe(byConfig);
    expect(instructorOf(request(byStore), keys, 0, tokens)).toBe(byStore);
  });

  it('end when their token is removed: a restart without it in the configuration', () => {
    const before = setup([CONFIGURED]).tokens;
    const who = before.check(CONFIGURED)!;
    const { tokens } = setup([]);
    expect(instructorOf(request(who), keys, 0, tokens)).toBeUndefined();
    // An OpenID Connect session was checked against the list when it began.
    expect(instructorOf(request('i:oidc:0123456789ab'), keys, 0, tokens)).toBe('i:oidc:0123456789ab');
  });
});
