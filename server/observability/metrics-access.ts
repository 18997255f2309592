/**
 * Who may read /metrics. With BOXLAB_METRICS_TOKEN set: whoever sends `Authorization: Bearer <token>`. Without:
 * only a client on this host, talking to the server directly: a request that came through a proxy (it carries a
 * forwarding header) is refused even from loopback, since a reverse proxy on the same host would otherwise hand
 * /metrics to anyone.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface MetricsRequest {
  authorization: string | undefined;
  remoteAddress: string | undefined;
  /** Whether the request carries X-Forwarded-For, Forwarded or X-Real-IP. */
  forwarded: boolean;
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** Compared as hashes: equal lengths for timingSafeEqual, and no early exit on the first differing byte. */
const digest = (text: string) => createHash('sha256').update(text).digest();

export function metricsAccess(token: string | undefined, req: MetricsRequest): MetricsAccess {
  if (token !== undefined) {
    const given = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), digest(token))) return { ok: true };
    return { ok: false, status: 401, message: 'Send the metrics token: Authorization: Bearer <BOXLAB_METRICS_TOKEN>.' };
  }
  if (LOOPBACK.test(req.remoteAddress ?? '') && !req.forwarded) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: '/metrics answers only clients on this host, not through a proxy. To scrape it from elsewhere, set BOXLAB_METRICS_TOKEN and send Authorization: Bearer <token>.',
  };
}
