import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load.ts';
import { forwardedCookie } from '../../server/http/preview-gate.ts';
import { appPath, asFromOwnPort, parseOriginUrl } from '../../server/http/preview-origin.ts';

const ticket = `0a1b2c3d-1111-4222-8333-444455556666.abc123.${'A'.repeat(43)}`;

describe('BOXLAB_PREVIEW_ORIGIN', () => {
  it('is an origin, normalized; unset by default', () => {
    expect(loadConfig({}).previewOrigin).toBeUndefined();
    expect(loadConfig({ BOXLAB_PREVIEW_ORIGIN: 'https://Preview.Example.org/' }).previewOrigin).toBe('https://preview.example.org');
    expect(loadConfig({ BOXLAB_PREVIEW_ORIGIN: 'http://127.0.0.1:8081' }).previewOrigin).toBe('http://127.0.0.1:8081');
  });

  it('refuses anything else, saying what it must be', () => {
    expect(() => loadConfig({ BOXLAB_PREVIEW_ORIGIN: 'preview.example.org' })).toThrow(/BOXLAB_PREVIEW_ORIGIN.*http/);
    expect(() => loadConfig({ BOXLAB_PREVIEW_ORIGIN: 'ftp://preview.example.org' })).toThrow(/BOXLAB_PREVIEW_ORIGIN/);
    expect(() => loadConfig({ BOXLAB_PREVIEW_ORIGIN: 'https://preview.example.org/boxlab' })).toThrow(/origin only/);
    expect(() => loadConfig({ BOXLAB_PREVIEW_ORIGIN: 'https://preview.example.org/?a=1' })).toThrow(/origin only/);
  });
});

describe('preview origin addresses', () => {
  it('strip the prefix, or keep it whole for apps told their base URL', () => {
    const plain = parseOriginUrl('/abcd0123/8000/a/b?x=1');
    expect(plain).toMatchObject({ kind: 'app', key: 'abcd0123', port: 8000, prefixed: false });
    expect(appPath(plain as Extract<typeof plain, { kind: 'app' }>)).toBe('/a/b?x=1');
    const whole = parseOriginUrl('/abcd0123/prefixed/8888/tree?y=2');
    expect(appPath(whole as Extract<typeof whole, { kind: 'app' }>)).toBe('/abcd0123/prefixed/8888/tree?y=2');
    expect(parseOriginUrl('/abcd0123/70000/')).toBeUndefined();
    expect(parseOriginUrl('/api/progress')).toBeUndefined();
  });

  it('enter with a well-formed ticket, and send on to this key’s app addresses only', () => {
    expect(parseOriginUrl(`/abcd0123/enter?ticket=${ticket}&to=${encodeURIComponent('8000/a?b=1')}`)).toEqual({ kind: 'enter', key: 'abcd0123', ticket, rest: '8000/a?b=1' });
    expect(parseOriginUrl(`/abcd0123/enter?ticket=${ticket}&to=prefixed%2F8888%2F`)).toMatchObject({ rest: 'prefixed/8888/' });
    for (const to of ['//evil.example/', 'https://evil.example/', '../x', '8000\\\\evil', '8000/../../other/8000/', '8000/./x', '8000/%2E%2e/x', '']) {
      expect(parseOriginUrl(`/abcd0123/enter?ticket=${ticket}&to=${encodeURIComponent(to)}`)).toBeUndefined();
    }
    expect(parseOriginUrl(`/abcd0123/enter?ticket=nope&to=8000/`)).toBeUndefined();
  });

  it('show the app its own port as Origin and Referer, when they are the preview origin’s', () => {
    const h: Record<string, string | undefined> = { origin: 'https://p.example', referer: 'https://p.example/k/8888/tree' };
    asFromOwnPort(h, 'https://p.example', 8888);
    expect(h).toEqual({ origin: 'http://localhost:8888', referer: 'http://localhost:8888/k/8888/tree' });
    const other: Record<string, string | undefined> = { origin: 'https://evil.example', referer: 'https://p.example.evil/x' };
    asFromOwnPort(other, 'https://p.example', 8888);
    expect(other).toEqual({ origin: 'https://evil.example', referer: 'https://p.example.evil/x' });
  });
});

describe('cookies passed to the app', () => {
  it('are the app’s own, byte for byte (Jupyter compares its _xsrf), never Boxlab’s', () => {
    expect(forwardedCookie('_xsrf=2|ab12|cd%3D|169; boxlab_learner=x.y; boxlab_preview=t; a=1')).toBe('_xsrf=2|ab12|cd%3D|169; a=1');
    expect(forwardedCookie('boxlab_learner=x.y')).toBeUndefined();
    expect(forwardedCookie(undefined)).toBeUndefined();
  });
});
