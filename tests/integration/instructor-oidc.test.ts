/**
 * Instructor sign-in with an OpenID Connect provider, against a real one: oidc-provider started on 127.0.0.1 with
 * a test client and accounts (its development login pages), and the whole authorization code flow driven with
 * fetch as a browser would, redirects followed by hand. Ends with an instructor cookie that lists workshops; a
 * provider account not on BOXLAB_OIDC_INSTRUCTORS, a callback without the sign-in's cookie, and a provider's
 * refusal each get their sentence.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workshopUrls } from '../../server/contracts/workshop.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';

const CLIENT_ID = 'boxlab-test';
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider-0123456789';
const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

let box: RunningBoxlab;
let providerServer: Server;
let issuer: string;

/** A browser's cookie jar, per host, enough for this flow (paths are ignored: every cookie goes to its host). */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name);
  }

  async get(url: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    const u = new URL(url);
    const jar = this.jars.get(u.host) ?? new Map<string, string>();
    this.jars.set(u.host, jar);
    const headers: Record<string, string> = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(u, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(init.body !== undefined ? { body: init.body } : {}) });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /**
   * Follow redirects from `url`, logging in as `account` and consenting at the provider's interaction pages, until
   * an answer that is not a redirect or a redirect back to Boxlab's callback (returned, not followed).
   */
  async signInAtProvider(url: string, account: string): Promise<Response> {
    let res = await this.get(url);
    for (let step = 0; step < 20; step++) {
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, res.url || url).href;
        if (next.startsWith(`${box.baseUrl}${workshopUrls.instructorOidcCallback}`)) return this.get(next);
        res = await this.get(next);
        continue;
      }
      const page = await res.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      const action = /action="([^"]+)"/.exec(page)?.[1];
      if (res.status !== 200 || !prompt || !action) throw new Error(`unexpected provider page (${res.status}): ${page.slice(0, 300)}`);
      const body = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login: account, password: 'any' } : {}) });
      res = await this.get(new URL(action, issuer).href, { method: 'POST', body: body.toString() });
    }
    throw new Error('the sign-in did not come back to Boxlab within 20 steps');
  }
}

beforeAll(async () => {
  providerServer = createServer();
  issuer = `http://127.0.0.1:${await listen(providerServer)}`;
  // Boxlab's port must be known before it starts: the provider only sends browsers to a registered redirect URL.
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const redirectUrl = `http://127.0.0.1:${port}${workshopUrls.instructorOidcCallback}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUrl], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // Any account name logs in at the development pages; each has a verified address at the school.
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@school.test`, email_verified: true }) }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
  });
  providerServer.on('request', provider.callback());
  box = await startBoxlab({
    PORT: String(port),
    BOXLAB_OIDC_ISSUER: issuer,
    BOXLAB_OIDC_CLIENT_ID: CLIENT_ID,
    BOXLAB_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    BOXLAB_OIDC_REDIRECT_URL: redirectUrl,
    BOXLAB_OIDC_INSTRUCTORS: 'Alice@School.test, some-other-subject',
  });
});

afterAll(async () => {
  await box?.destroy();
  await new Promise((resolve) => providerServer?.close(resolve));
});

describe('instructor sign-in with an OpenID Connect provider', () => {
  it('says the provider is offered, by its name', async () => {
    const res = await fetch(`${box.baseUrl}${workshopUrls.instructorOidc}`);
    expect(await res.json()).toEqual({ enabled: true, provider: '127.0.0.1' });
  });

  it('signs in a listed instructor through the whole code flow, with state, nonce and PKCE', async () => {
    const browser = new Browser();
    const start = await browser.get(`${box.baseUrl}${workshopUrls.instructorOidcLogin}`);
    expect(start.status).toBe(302);
    const pending = start.headers.getSetCookie().find((c) => c.startsWith('boxlab_oidc='))!;
    expect(pending).toMatch(/HttpOnly; SameSite=Lax; Max-Age=600/);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(authorize.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);

    const back = await browser.signInAtProvider(authorize.href, 'alice');
    expect(back.status, await back.clone().text()).toBe(302);
    expect(back.headers.get('location')).toBe('/instructor/');
    expect(back.headers.getSetCookie().find((c) => c.startsWith('boxlab_instructor='))).toMatch(/HttpOnly; SameSite=Strict/);
    // The sign-in's cookie is spent: the same answer cannot sign in twice.
    expect(browser.cookie(new URL(box.baseUrl).host, 'boxlab_oidc')).toBeUndefined();

    const cookie = `boxlab_instructor=${browser.cookie(new URL(box.baseUrl).host, 'boxlab_instructor')}`;
    const me = await fetch(`${box.baseUrl}${workshopUrls.instructorMe}`, { headers: { cookie } });
    expect(await me.json()).toEqual({ instructor: expect.stringMatching(/^i:oidc:[0-9a-f]{12}$/) });
    const list = await fetch(`${box.baseUrl}${workshopUrls.workshops}`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ workshops: [] });
  });

  it('refuses a provider account that is not on the instructor list, with a sentence', async () => {
    const browser = new Browser();
    const start = await browser.get(`${box.baseUrl}${workshopUrls.instructorOidcLogin}`);
    const back = await browser.signInAtProvider(start.headers.get('location')!, 'bob');
    expect(back.status).toBe(403);
    expect(await back.text()).toContain('You signed in at the provider as bob@school.test, who is not an instructor of this server.');
    expect(back.headers.getSetCookie().some((c) => c.startsWith('boxlab_instructor='))).toBe(false);
    const me = await fetch(`${box.baseUrl}${workshopUrls.instructorMe}`, { headers: { cookie: `boxlab_instructor=${browser.cookie(new URL(box.baseUrl).host, 'boxlab_instructor') ?? ''}` } });
    expect(me.status).toBe(401);
  });

  it('refuses an answer without the sign-in this browser started (no cookie, or a forged state)', async () => {
    const browser = new Browser();
    const start = await browser.get(`${box.baseUrl}${workshopUrls.instructorOidcLogin}`);
    const authorize = new URL(start.headers.get('location')!);
    const noCookie = await fetch(`${box.baseUrl}${workshopUrls.instructorOidcCallback}?code=x&state=${authorize.searchParams.get('state')}`, { redirect: 'manual' });
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('This sign-in expired or was started in another browser.');
    const forged = await browser.get(`${box.baseUrl}${workshopUrls.instructorOidcCallback}?code=x&state=another-state-entirely`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('does not belong to the sign-in this browser started');
  });

  it('passes on the provider’s refusal as a sentence', async () => {
    const browser = new Browser();
    const start = await browser.get(`${box.baseUrl}${workshopUrls.instructorOidcLogin}`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const refused = await browser.get(`${box.baseUrl}${workshopUrls.instructorOidcCallback}?error=access_denied&error_description=${encodeURIComponent('End-User aborted interaction')}&state=${state}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('The sign-in provider did not sign you in: End-User aborted interaction');
  });
});
