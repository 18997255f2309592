/**
 * Security headers on everything Fastify answers, and the Content Security Policy of the site's pages: scripts only
 * from the site itself or the inline scripts the build put in its pages (by hash), WebAssembly for the search,
 * WebSockets and fetches to the site only, frames (the web preview) from the site only, and no page framed by
 * another site. Styles may be inline: xterm.js and the code blocks set them at run time. The preview has a policy of
 * its own (http/preview.ts: an opaque origin).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** `'sha256-…'` of each distinct inline script. */
export function scriptHashes(inlineScripts: Iterable<string>): string[] {
  const hashes = new Set<string>();
  for (const body of inlineScripts) hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  return [...hashes].sort();
}

/** The bodies of `<script>` elements without a `src` in an HTML page. */
export function inlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/.test(m[1]!) && m[2]!.length > 0) out.push(m[2]!);
  }
  return out;
}

export function contentSecurityPolicy(hashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function registerSecurityHeaders(app: FastifyInstance, opts: { csp: string; https: boolean }): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (opts.https) reply.header('strict-transport-security', 'max-age=31536000');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('content-security-policy', opts.csp);
    return payload;
  });
}
