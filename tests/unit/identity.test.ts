import { describe, expect, it } from 'vitest';
import { cookieKeys, learnerCookieHeader, newLearnerId, parseCookies, signLearner, verifyLearner } from '../../server/http/identity.ts';
import { clientAddress } from '../../server/http/client-address.ts';
import { isOriginAllowed } from '../../server/http/origin.ts';

const secret = cookieKeys('k'.repeat(40));

describe('learner cookie', () => {
  it('verifies what it signed', () => {
    const id = newLearnerId();
    expect(verifyLearner(secret, signLearner(secret, id))).toBe(id);
  });

  it('rejects a tampered id, a wrong secret, and garbage', () => {
    const id = newLearnerId();
    const signed = signLearner(secret, id);
    const otherId = newLearnerId();
    expect(verifyLearner(secret, `${otherId}${signed.slice(id.length)}`)).toBeUndefined();
    expect(verifyLearner(cookieKeys('x'.repeat(40)), signed)).toBeUndefined();
    for (const bad of [undefined, '', '.', 'abc', `${id}.`, `${id}.AAAA`, 'not-an-id.sig']) {
      expect(verifyLearner(secret, bad)).toBeUndefined();
    }
  });

  it('is HttpOnly and SameSite, Secure when asked', () => {
    expect(learnerCookieHeader('v', false)).toMatch(/HttpOnly; SameSite=Lax$/);
    expect(learnerCookieHeader('v', true)).toMatch(/; Secure$/);
  });

  it('parses Cookie headers, first value wins, malformed parts ignored', () => {
    const c = parseCookies('a=1; b=two%20words; a=3; junk; c=%E0%A4%A');
    expect(c.get('a')).toBe('1');
    expect(c.get('b')).toBe('two words');
    expect(c.has('junk')).toBe(false);
    expect(c.has('c')).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('origin check', () => {
  it('allows the site itself and listed origins only', () => {
    expect(isOriginAllowed('http://localhost:8080', 'localhost:8080', [])).toBe(true);
    expect(isOriginAllowed('https://boxlab.example', 'boxlab.example', [])).toBe(true);
    expect(isOriginAllowed('https://evil.example', 'boxlab.example', [])).toBe(false);
    expect(isOriginAllowed('http://localhost:4321', 'localhost:8080', [])).toBe(false);
    expect(isOriginAllowed('http://localhost:4321', 'localhost:8080', ['http://localhost:4321'])).toBe(true);
  });

  it('refuses missing, null and malformed origins', () => {
    expect(isOriginAllowed(undefined, 'a', [])).toBe(false);
    expect(isOriginAllowed('null', 'a', [])).toBe(false);
    expect(isOriginAllowed('::::', 'a', [])).toBe(false);
    expect(isOriginAllowed('file://a', 'a', [])).toBe(false);
  });
});

describe('clientAddress', () => {
  it('takes the address our proxy appended, not one the client wrote', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.7', '10.0.0.2', true)).toBe('203.0.113.7');
    expect(clientAddress(['6.6.6.6', '203.0.113.7'], '10.0.0.2', true)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '10.0.0.2', true)).toBe('203.0.113.7');
  });
  it('ignores the header unless the operator trusts a proxy, and falls back to the socket', () => {
    expect(clientAddress('6.6.6.6', '10.0.0.2', false)).toBe('10.0.0.2');
    expect(clientAddress(undefined, '10.0.0.2', true)).toBe('10.0.0.2');
    expect(clientAddress('', undefined, true)).toBe('unknown');
  });
});
