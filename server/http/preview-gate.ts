/**
 * What the web preview's HTTP requests and WebSockets share: the address shape, the gate (the learner's own
 * sandbox, from the signed cookie), and what crosses between Boxlab and the app in the sandbox (cookies, CSP).
 */
import type { CookieKeys } from '../domain/cookie-keys.ts';
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { ClaimedSandbox } from '../sessions/sandbox.ts';
import type { SandboxManager } from '../sessions/sandbox-manager.ts';
import { LEARNER_COOKIE, verifyLearner } from './identity.ts';

export const PREVIEW_PREFIX = '/preview/';
const PATH = /^\/preview\/([0-9a-f]{8})\/(\d{1,5})(\/.*)?$/;

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
}

/** An opaque origin: scripts run, but cannot read Boxlab's cookies or open its terminal as the learner. */
export const PREVIEW_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

/** Set-Cookie headers from the app, less any that would replace the learner's Boxlab identity. */
export function withoutLearnerCookie(header: string | string[] | undefined): string[] {
  return ([] as string[]).concat(header ?? []).filter((c) => !c.trim().startsWith(`${LEARNER_COOKIE}=`));
}

/** A preview address: `/preview/<key>/<port><path>` (`path` empty when the folder's slash is missing). */
export interface PreviewTarget {
  key: string;
  port: number;
  path: string;
  search: string;
  pathname: string;
}

export function parsePreviewUrl(raw: string | undefined): PreviewTarget | undefined {
  const url = new URL(raw ?? '/', 'http://boxlab.invalid');
  const m = PATH.exec(url.pathname);
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) return undefined;
  return { key: m[1]!, port, path: m[3] ?? '', search: url.search, pathname: url.pathname };
}

/** The learner's own sandbox for the lesson the key names, from the signed learner cookie; undefined for anyone else. */
export function ownSandbox(cookies: Map<string, string>, key: string, deps: PreviewDeps): ClaimedSandbox | undefined {
  const learner = verifyLearner(deps.secret, cookies.get(LEARNER_COOKIE));
  const single = deps.lessonKeys.get(key);
  const target = single !== undefined ? { lesson: single, node: undefined } : deps.labKeys?.get(key);
  return learner && target ? deps.manager.find(learner, target.lesson, target.node) : undefined;
}

/** The cookies the app in the sandbox gets: all but the learner's Boxlab identity, which is not its business. */
export function forwardedCookie(cookies: Map<string, string>): string | undefined {
  const forwarded = [...cookies].filter(([k]) => k !== LEARNER_COOKIE).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return forwarded.length ? forwarded.join('; ') : undefined;
}

