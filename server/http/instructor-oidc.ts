/**
 * Optional instructor sign-in with an OpenID Connect provider (BOXLAB_OIDC_*, docs/instructors.md), through
 * openid-client: the authorization code flow with state, nonce and PKCE (S256), kept between the two requests in a
 * short-lived signed cookie (workshops/oidc-sign-in.ts). The library checks the provider's answer and the ID
 * token (signature, issuer, audience, nonce, expiry); this file checks the instructor list and then sets the same
 * instructor session cookie as token sign-in. Both routes are browser navigations: a refusal is a short page with
 * its sentence and a way back.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { workshopUrls, type InstructorOidcView } from '../contracts/workshop.ts';
import type { Clock } from '../domain/clock.ts';
import type { CookieKeys } from '../domain/cookie-keys.ts';
import { instructorCookieHeader, INSTRUCTOR_SESSION_MS, signInstructor } from '../workshops/instructor-session.ts';
import {
  isListedInstructor,
  OIDC_STATE_COOKIE,
  OIDC_STATE_MS,
  oidcInstructorName,
  oidcPendingCookieHeader,
  readOidcPending,
  signOidcPending,
} from '../workshops/oidc-sign-in.ts';
import type { OidcSettings } from '../config/schema.ts';
import { parseCookies } from './identity.ts';


export interface InstructorOidcDeps {
  oidc: OidcSettings | undefined;
  secret: CookieKeys;
  clock: Clock;
  cookieSecure: boolean;
  /** BOXLAB_BASE_PATH ('' at the root): the way back to the sign-in page is under it. */
  basePath: string;
}

/** The issuer's host name, for "Sign in with …". */
export const providerName = (issuer: string): string => new URL(issuer).hostname;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A refusal a person reads in the browser: the sentence, and the way back to the sign-in page. */
function refusal(reply: FastifyReply, status: number, sentence: string, cookieSecure: boolean, basePath: string): FastifyReply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Instructor sign-in refused · Boxlab</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Instructor sign-in refused</h1><p data-oidc-refusal>${escapeHtml(sentence)}</p>
<p><a href="${escapeHtml(basePath)}/instructor/">Back to instructor sign-in</a></p></body></html>`;
  return reply
    .status(status)
    .header('set-cookie', oidcPendingCookieHeader('', cookieSecure, 0))
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

export function registerInstructorOidc(app: FastifyInstance, deps: InstructorOidcDeps): void {
  const settings = deps.oidc;
  app.get(workshopUrls.instructorOidc, async (): Promise<InstructorOidcView> => (settings ? { enabled: true, provider: providerName(settings.issuer) } : { enabled: false }));
  if (!settings) {
    const off = async (_req: FastifyRequest, reply: FastifyReply) =>
      refusal(reply, 404, 'Sign-in with an OpenID Connect provider is not set up on this server; sign in with an instructor token.', deps.cookieSecure, deps.basePath);
    app.get(workshopUrls.instructorOidcLogin, off);
    app.get(workshopUrls.instructorOidcCallback, off);
    return;
  }

  // The provider's metadata and keys, fetched at the first sign-in and kept; a failed discovery is tried again next time.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    const issuer = new URL(settings.issuer);
    discovered ??= client
      .discovery(issuer, settings.clientId, { redirect_uris: [settings.redirectUrl] }, client.ClientSecretBasic(settings.clientSecret), {
        // The schema admits http:// only for a provider on this machine (tests).
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  app.get(workshopUrls.instructorOidcLogin, async (req, reply) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      req.log.warn({ err, issuer: settings.issuer }, 'OpenID Connect discovery failed');
      return refusal(reply, 502, `The sign-in provider (${providerName(settings.issuer)}) could not be reached. Try again in a minute, or sign in with an instructor token.`, deps.cookieSecure, deps.basePath);
    }
    const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUrl,
      scope: 'openid email',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    const value = signOidcPending(deps.secret, pending, deps.clock.now() + OIDC_STATE_MS);
    return reply
      .header('set-cookie', oidcPendingCookieHeader(value, deps.cookieSecure, OIDC_STATE_MS / 1000))
      .header('cache-control', 'no-store')
      .redirect(url.href, 302);
  });

  app.get(workshopUrls.instructorOidcCallback, async (req, reply) => {
    const pending = readOidcPending(deps.secret, parseCookies(req.headers.cookie).get(OIDC_STATE_COOKIE), deps.clock.now());
    const secure = deps.cookieSecure;
    if (pending === undefined || pending === 'expired') {
      return refusal(reply, 400, 'This sign-in expired or was started in another browser. Start again from the instructor page.', secure, deps.basePath);
    }
    const query = new URL(req.url, 'http://boxlab.invalid').search;
    const params = new URLSearchParams(query);
    if (params.get('state') !== pending.state) {
      return refusal(reply, 400, 'This sign-in answer does not belong to the sign-in this browser started. Start again from the instructor page.', secure, deps.basePath);
    }
    const providerError = params.get('error');
    if (providerError) {
      const why = (params.get('error_description') ?? providerError).slice(0, 300);
      return refusal(reply, 403, `The sign-in provider did not sign you in: ${why}`, secure, deps.basePath);
    }
    let claims: client.IDToken | undefined;
    try {
      const config = await configuration();
      // The provider answered at the registered redirect URL (behind a proxy, the request's own URL may differ).
      const current = new URL(settings.redirectUrl);
      current.search = query;
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Many providers put the email in the ID token; conforming ones may keep it for the userinfo endpoint.
      if (claims && claims['email'] === undefined && tokens.access_token) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        claims = { ...claims, email: info.email, email_verified: info.email_verified };
      }
    } catch (err) {
      req.log.warn({ err, issuer: settings.issuer }, 'OpenID Connect sign-in failed');
      return refusal(reply, 502, `The sign-in provider's answer could not be accepted (${err instanceof Error ? err.message : 'unknown error'}). Start again from the instructor page.`, secure, deps.basePath);
    }
    if (!claims || !isListedInstructor(settings.instructors, claims)) {
      const as = typeof claims?.['email'] === 'string' ? claims['email'] : claims?.sub;
      req.log.info({ issuer: settings.issuer, sub: claims?.sub }, 'OpenID Connect sign-in refused: not an instructor');
      return refusal(reply, 403, `You signed in at the provider as ${as ?? 'someone unknown'}, who is not an instructor of this server. Ask its operator to add you to BOXLAB_OIDC_INSTRUCTORS.`, secure, deps.basePath);
    }
    const who = oidcInstructorName(settings.issuer, claims.sub);
    req.log.info({ instructor: who }, 'instructor signed in with OpenID Connect');
    const session = signInstructor(deps.secret, who, deps.clock.now() + INSTRUCTOR_SESSION_MS);
    return reply
      .header('set-cookie', [instructorCookieHeader(session, secure, INSTRUCTOR_SESSION_MS / 1000), oidcPendingCookieHeader('', secure, 0)])
      .header('cache-control', 'no-store')
      .redirect('/instructor/', 302);
  });
}
