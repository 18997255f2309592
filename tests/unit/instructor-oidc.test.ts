import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/load.ts';
import { cookieKeys } from '../../server/domain/cookie-keys.ts';
import { providerName } from '../../server/http/instructor-oidc.ts';
import {
  isListedInstructor,
  oidcInstructorName,
  oidcPendingCookieHeader,
  readOidcPending,
  signOidcPending,
} from '../../server/workshops/oidc-sign-in.ts';

const keys = cookieKeys('a-secret-that-is-long-enough-0123456789');
const pending = { state: 'S'.repeat(43), nonce: 'n'.repeat(43), verifier: 'v_-'.repeat(15) };
const OIDC = {
  BOXLAB_OIDC_ISSUER: 'https://accounts.example.org',
  BOXLAB_OIDC_CLIENT_ID: 'boxlab',
  BOXLAB_OIDC_CLIENT_SECRET: 'client-secret',
  BOXLAB_OIDC_REDIRECT_URL: 'https://boxlab.example.org/api/instructor/oidc/callback',
  BOXLAB_OIDC_INSTRUCTORS: 'ada@example.org, 1234567',
};
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
};

describe('the OIDC sign-in cookie', () => {
  it('brings state, nonce and verifier back while fresh, and says when it expired', () => {
    const value = signOidcPending(keys, pending, 1000);
    expect(readOidcPending(keys, value, 999)).toEqual(pending);
    expect(readOidcPending(keys, value, 1000)).toBe('expired');
  });

  it('is verified by a previous key after rotation, and refused when forged or from another secret', () => {
    const value = signOidcPending(keys, pending, 1000);
    expect(readOidcPending(cookieKeys('the-new-secret-that-is-long-enough-01234', [keys.current]), value, 0)).toEqual(pending);
    expect(readOidcPending(cookieKeys('another-secret-that-is-long-enough-0123456'), value, 0)).toBeUndefined();
    const forged = value.replace(`.${pending.nonce}.`, `.${'m'.repeat(43)}.`);
    expect(readOidcPending(keys, forged, 0)).toBeUndefined();
    expect(readOidcPending(keys, undefined, 0)).toBeUndefined();
    expect(readOidcPending(keys, 'a.b.c', 0)).toBeUndefined();
  });

  it('is HttpOnly, SameSite=Lax (the provider sends the browser back from another site) and only for the callback', () => {
    expect(oidcPendingCookieHeader('x', true, 600)).toBe('boxlab_oidc=x; Path=/api/instructor/oidc; HttpOnly; SameSite=Lax; Max-Age=600; Secure');
  });
});

describe('who may be an instructor', () => {
  const list = ['Ada@Example.org', '1234567'];
  it('matches a verified email in any case, or the exact subject', () => {
    expect(isListedInstructor(list, { sub: 'x', email: 'ada@example.ORG', email_verified: true })).toBe(true);
    expect(isListedInstructor(list, { sub: '1234567' })).toBe(true);
  });
  it('refuses an unverified email, another subject, and an email given as a subject', () => {
    expect(isListedInstructor(list, { sub: 'x', email: 'ada@example.org' })).toBe(false);
    expect(isListedInstructor(list, { sub: 'x', email: 'ada@example.org', email_verified: false })).toBe(false);
    expect(isListedInstructor(list, { sub: '12345678', email: 'bob@example.org', email_verified: true })).toBe(false);
    expect(isListedInstructor(list, { sub: 'Ada@Example.org' })).toBe(false);
  });
  it('names the session by a hash of issuer and subject, fit for the instructor cookie', () => {
    const name = oidcInstructorName('https://a.example', 'ada');
    expect(name).toMatch(/^i:oidc:[0-9a-f]{12}$/);
    expect(oidcInstructorName('https://b.example', 'ada')).not.toBe(name);
    expect(providerName('https://accounts.example.org/realms/school')).toBe('accounts.example.org');
  });
});

describe('OIDC configuration', () => {
  it('is off with none of the settings, and read with all five', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig(OIDC).oidc).toEqual({
      issuer: 'https://accounts.example.org',
      clientId: 'boxlab',
      clientSecret: 'client-secret',
      redirectUrl: 'https://boxlab.example.org/api/instructor/oidc/callback',
      instructors: ['ada@example.org', '1234567'],
    });
  });

  it('names every missing setting when only some are set', () => {
    const message = problemsOf({ BOXLAB_OIDC_ISSUER: OIDC.BOXLAB_OIDC_ISSUER, BOXLAB_OIDC_CLIENT_ID: 'boxlab' });
    expect(message).toMatch(/^  BOXLAB_OIDC_CLIENT_SECRET is missing: sign-in with an OpenID Connect provider needs .* together \(BOXLAB_OIDC_ISSUER, BOXLAB_OIDC_CLIENT_ID are set\)/m);
    expect(message).toMatch(/^  BOXLAB_OIDC_REDIRECT_URL is missing/m);
    expect(message).toMatch(/^  BOXLAB_OIDC_INSTRUCTORS is missing/m);
    expect(problemsOf({ ...OIDC, BOXLAB_OIDC_INSTRUCTORS: ' , ' })).toMatch(/^  BOXLAB_OIDC_INSTRUCTORS is missing/m);
  });

  it('wants https (http only on loopback), the callback path, and keeps the secret out of messages', () => {
    const message = problemsOf({ ...OIDC, BOXLAB_OIDC_ISSUER: 'http://accounts.example.org', BOXLAB_OIDC_REDIRECT_URL: 'https://boxlab.example.org/callback' });
    expect(message).toMatch(/BOXLAB_OIDC_ISSUER .*must be an https:\/\/ URL/);
    expect(message).toMatch(/BOXLAB_OIDC_REDIRECT_URL .*must end in \/api\/instructor\/oidc\/callback/);
    expect(loadConfig({ ...OIDC, BOXLAB_OIDC_ISSUER: 'http://127.0.0.1:9999' }).oidc?.issuer).toBe('http://127.0.0.1:9999');
    expect(problemsOf({ ...OIDC, BOXLAB_OIDC_CLIENT_SECRET: '', BOXLAB_OIDC_ISSUER: 'nope' })).not.toContain('client-secret');
  });
});
