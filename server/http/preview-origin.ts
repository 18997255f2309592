/**
 * The previews' own origin (BOXLAB_PREVIEW_ORIGIN): the same server, told apart by the Host header. A page visit
 * to Boxlab's `/preview/…` with the learner's cookie is sent here with a ticket (preview-ticket.ts), which
 * `/<key>/enter` exchanges for a cookie of this origin scoped to `/<key>/`; then the learner's app is served without
 * the sandbox CSP. Its page is a real origin apart from Boxlab's: its own cookies and storage work (a notebook's
 * `_xsrf`), and it cannot read Boxlab's. Addresses here:
 *   /<key>/<port>/<path>           the app gets /<path> (as on Boxlab's /preview/)
 *   /<key>/prefixed/<port>/<path>  the app gets the whole path: for apps told their base URL (Jupyter's base_url)
 * Pure parsing and headers; the proxying is preview.ts's.
 */
import { TICKET_PATTERN } from './preview-ticket.ts';

/** The cookie this origin keeps the ticket in (never the app's, never passed to it). */
export const PREVIEW_ORIGIN_COOKIE = 'boxlab_preview';

const ENTER = /^\/([0-9a-f]{8})\/enter$/;
const APP = /^\/([0-9a-f]{8})\/(prefixed\/)?(\d{1,5})(\/.*)?$/;
const TICKET = new RegExp(`^${TICKET_PATTERN}$`);
/** Where `enter` may send the browser on: an app address of the same key (no other origin, no other key). */
const REST = /^(prefixed\/)?\d{1,5}(\/[^\\]*)?$/;

export type OriginRequest =
  | { kind: 'enter'; key: string; ticket: string; rest: string }
  | { kind: 'app'; key: string; port: number; prefixed: boolean; path: string; search: string; pathname: string };

/** The host (name and port) requests for the preview origin carry, to tell them from the site's. */
export function previewHost(origin: string | undefined): string | undefined {
  return origin ? new URL(origin).host : undefined;
}

export function parseOriginUrl(raw: string | undefined): OriginRequest | undefined {
  const url = new URL(raw ?? '/', 'http://boxlab.invalid');
  const enter = ENTER.exec(url.pathname);
  if (enter) {
    const ticket = url.searchParams.get('ticket') ?? '';
    const rest = url.searchParams.get('to') ?? '';
    // No dot segments either (nor encoded ones): the browser would resolve them out of this key's addresses.
    const dots = /(^|\/)\.\.?(\/|$)/.test(rest.split('?')[0]!.replace(/%2e/gi, '.'));
    return TICKET.test(ticket) && REST.test(rest) && !dots ? { kind: 'enter', key: enter[1]!, ticket, rest } : undefined;
  }
  const m = APP.exec(url.pathname);
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65535) return undefined;
  return { kind: 'app', key: m[1]!, port, prefixed: m[2] !== undefined, path: m[4] ?? '', search: url.search, pathname: url.pathname };
}

/** What the app in the sandbox is asked for: the path after the port, or the whole path for `prefixed`. */
export function appPath(r: Extract<OriginRequest, { kind: 'app' }>): string {
  return (r.prefixed ? r.pathname : r.path) + r.search;
}

/** The Boxlab-side redirect into the preview origin: the ticket goes along once, to be exchanged for a cookie. */
export function enterLocation(origin: string, key: string, ticket: string, rest: string): string {
  return `${origin}/${key}/enter?ticket=${encodeURIComponent(ticket)}&to=${encodeURIComponent(rest)}`;
}

/** The preview origin's cookie: the ticket, for this key's addresses only, as long as the ticket lives. */
export function originCookieHeader(key: string, ticket: string, maxAgeS: number, secure: boolean): string {
  return `${PREVIEW_ORIGIN_COOKIE}=${ticket}; Path=/${key}/; Max-Age=${Math.max(0, Math.floor(maxAgeS))}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * Origin and Referer as the app would see them from a browser on its own port: the app compares them with Host
 * (Jupyter refuses cross-origin API calls). Only the preview origin's own are rewritten; others pass as they are.
 */
export function asFromOwnPort(headers: Record<string, string | string[] | undefined>, origin: string, port: number): void {
  const own = `http://localhost:${port}`;
  if (headers['origin'] === origin) headers['origin'] = own;
  const referer = headers['referer'];
  if (typeof referer === 'string' && referer.startsWith(`${origin}/`)) headers['referer'] = own + referer.slice(origin.length);
}
