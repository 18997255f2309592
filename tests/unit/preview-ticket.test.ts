import { describe, expect, it } from 'vitest';
import { cookieKeys, signLearner } from '../../server/http/identity.ts';
import { parsePreviewUrl } from '../../server/http/preview-gate.ts';
import { PREVIEW_TICKET_MS, signTicket, verifyTicket } from '../../server/http/preview-ticket.ts';

const keys = cookieKeys('s'.repeat(32));
const learner = '0a1b2c3d-1111-4222-8333-444455556666';
const other = '0a1b2c3d-1111-4222-8333-777788889999';
const T0 = 1_800_000_000_000;

describe('preview tickets', () => {
  it('open the preview of their learner and key until they expire', () => {
    const t = signTicket(keys, learner, 'abcd0123', T0);
    expect(verifyTicket(keys, t, 'abcd0123', T0 + 1)).toBe(learner);
    expect(verifyTicket(keys, t, 'abcd0123', T0 + PREVIEW_TICKET_MS - 1)).toBe(learner);
    expect(verifyTicket(keys, t, 'abcd0123', T0 + PREVIEW_TICKET_MS)).toBeUndefined();
  });

  it('open no other key, and refuse forged, altered and foreign-key tickets', () => {
    const t = signTicket(keys, learner, 'abcd0123', T0);
    expect(verifyTicket(keys, t, 'abcd0124', T0)).toBeUndefined();
    expect(verifyTicket(keys, t.replace(learner, other), 'abcd0123', T0)).toBeUndefined();
    const [, exp, mac] = t.split('.');
    const later = (parseInt(exp!, 36) + 1000 * PREVIEW_TICKET_MS).toString(36);
    expect(verifyTicket(keys, `${learner}.${later}.${mac}`, 'abcd0123', T0)).toBeUndefined();
    expect(verifyTicket(cookieKeys('x'.repeat(32)), t, 'abcd0123', T0)).toBeUndefined();
    // A learner cookie's signature is not a ticket's.
    const cookieMac = signLearner(keys, learner).split('.').pop();
    expect(verifyTicket(keys, `${learner}.${exp}.${cookieMac}`, 'abcd0123', T0)).toBeUndefined();
    expect(verifyTicket(keys, 'junk', 'abcd0123', T0)).toBeUndefined();
  });

  it('signed by the previous secret still verify after a rotation', () => {
    const t = signTicket(keys, learner, 'abcd0123', T0);
    expect(verifyTicket(cookieKeys('n'.repeat(32), ['s'.repeat(32)]), t, 'abcd0123', T0)).toBe(learner);
  });

  it('ride in the first segment of a preview address, which the app never sees', () => {
    const t = signTicket(keys, learner, 'abcd0123', T0);
    const target = parsePreviewUrl(`/preview/abcd0123-${t}/8888/tree/x.ipynb?a=1`);
    expect(target).toMatchObject({ key: 'abcd0123', ticket: t, port: 8888, path: '/tree/x.ipynb', search: '?a=1' });
    expect(parsePreviewUrl('/preview/abcd0123/8888/')).toMatchObject({ ticket: undefined, path: '/' });
    expect(parsePreviewUrl(`/preview/abcd0123-nope/8888/`)).toBeUndefined();
  });
});
