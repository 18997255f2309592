/**
 * What the web preview's HTTP requests and WebSockets share: the address shape, the gate (the learner's own
 * sandbox, from the signed cookie), and what crosses between Boxlab and the app in the sandbox (cookies, CSP).
 */
import type { CookieKeys } from '../domain/cookie-keys.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import { LEARNER_COOKIE, verifyLearner } from './identity.ts';
import { PREVIEW_ORIGIN_COOKIE } from './preview-origin.ts';
import { signTicket, TICKET_PATTERN, verifyTicket } from './preview-ticket.ts';

export const PREVIEW_PREFIX = '/preview/';
const PATH = new RegExp(`^/preview/([0-9a-f]{8})(?:-(${TICKET_PATTERN}))?/(prefixed/)?(\\d{1,5})(/.*)?$`);

export interface PreviewDeps {
  secret: CookieKeys;
  manager: SandboxManager;
  runtime: SandboxRuntime;
  /** lesson key → lesson id (sandbox/claims.ts). */
  lessonKeys: ReadonlyMap<string, string>;
  /** A lab node's key → its lesson and node (sessions/lab.ts): each machine of a lab has a preview of its own. */
  labKeys?: ReadonlyMap<string, { lesson: string; node?: string | undefined }> | undefined;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** BOXLAB_BASE_PATH ('' at the root): the request's URL comes without it, a redirect goes back with it. */
  basePath: string;
  /** Origins besides the site's own that may open sockets (BOXLAB_ALLOWED_ORIGINS); preview-upgrade.ts. */
  allowedOrigins: readonly string[];
  /** BOXLAB_PREVIEW_ORIGIN (preview-origin.ts): page visits go there; undefined: previews stay here, opaque. */
  previewOrigin?: string | undefined;
}

/** An opaque origin: scripts run, but cannot read Boxlab's cookies or open its terminal as the learner. */
export const PREVIEW_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

/** Set-Cookie headers from the app, less any that would replace the learner's Boxlab identity or preview cookie. */
export function withoutLearnerCookie(header: string | string[] | undefined): string[] {
  return ([] as string[]).concat(header ?? []).filter((c) => !c.trim().startsWith(`${LEARNER_COOKIE}=`) && !c.trim().startsWith(`${PREVIEW_ORIGIN_COOKIE}=`));
}

/** The ticket in a preview address's links travels to the app's pages' links; no Referer may carry it further. */
export const PREVIEW_REFERRER_POLICY = 'no-referrer';

/**
 * A preview address: `/preview/<key>[-<ticket>]/<port><path>` (`path` empty when the folder's slash is missing).
 * The ticket (preview-ticket.ts) stands in for the cookie, which a preview page's own requests never carry.
 */
export interface PreviewTarget {
  key: string;
  ticket: string | undefined;
  /** `/preview/<key>/prefixed/<port>/…`: for the preview origin only (preview-origin.ts), where the app gets the whole path. */
  prefixed: boolean;
  port: number;
  path: string;
  search: string;
  pathname: string;
}

export function parsePreviewUrl(raw: string | undefined): PreviewTarget | undefined {
  const url = new URL(raw ?? '/', 'http://boxlab.invalid');
  const m = PATH.exec(url.pathname);
  const port = Number(m?.[4]);
  if (!m || port < 1 || port > 65535) return undefined;
  return { key: m[1]!, ticket: m[2], prefixed: m[3] !== undefined, port, path: m[5] ?? '', search: url.search, pathname: url.pathname };
}

/**
 * Who asks: with a ticket in the address, its learner (undefined when it is forged, expired or another key's, even
 * if a cookie came too: the address decides); without one, the signed learner cookie's.
 */
export function previewLearner(cookies: Map<string, string>, target: PreviewTarget, deps: PreviewDeps, now = Date.now()): string | undefined {
  if (target.ticket !== undefined) return verifyTicket(deps.secret, target.ticket, target.key, now);
  return verifyLearner(deps.secret, cookies.get(LEARNER_COOKIE));
}

/** The same preview with a new ticket for this learner, path and query kept; under the base. */
export function ticketedLocation(target: PreviewTarget, learner: string, deps: PreviewDeps, now = Date.now()): string {
  return `${deps.basePath}${PREVIEW_PREFIX}${target.key}-${signTicket(deps.secret, learner, target.key, now)}/${target.prefixed ? 'prefixed/' : ''}${target.port}${target.path}${target.search}`;
}

/** The learner's own sandbox for the lesson the key names; undefined when there is none (or no learner). */
export function ownSandbox(learner: string | undefined, key: string, deps: PreviewDeps): ClaimedSandbox | undefined {
  const single = deps.lessonKeys.get(key);
  const target = single !== undefined ? { lesson: single, node: undefined } : deps.labKeys?.get(key);
  return learner && target ? deps.manager.find(learner, target.lesson, target.node) : undefined;
}

/**
 * The Cookie header the app in the sandbox gets: all but Boxlab's (identity, preview ticket), which are not its
 * business; the others byte for byte as the browser sent them (an app compares its own, e.g. Jupyter's `_xsrf`).
 */
export function forwardedCookie(header: string | undefined): string | undefined {
  const boxlab = new Set([LEARNER_COOKIE, PREVIEW_ORIGIN_COOKIE]);
  const kept = (header ?? '').split(';').map((p) => p.trim()).filter((p) => p && !boxlab.has(p.slice(0, Math.max(0, p.indexOf('='))).trim()));
  return kept.length ? kept.join('; ') : undefined;
}

