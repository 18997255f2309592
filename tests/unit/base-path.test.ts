import { describe, expect, it } from 'vitest';
import { basePathProblem } from '../../server/config/base-path.ts';
import { ConfigError, loadConfig } from '../../server/config/load.ts';
import { cookieWithBase, locationWithBase, withoutBase } from '../../server/http/base-path.ts';

describe('BOXLAB_BASE_PATH', () => {
  it('is the root when unset or empty, and read as given when valid', () => {
    expect(loadConfig({}).basePath).toBe('');
    expect(loadConfig({ BOXLAB_BASE_PATH: '' }).basePath).toBe('');
    expect(loadConfig({ BOXLAB_BASE_PATH: '/boxlab' }).basePath).toBe('/boxlab');
    expect(loadConfig({ BOXLAB_BASE_PATH: '/school/lab-2_x.y~z' }).basePath).toBe('/school/lab-2_x.y~z');
  });

  it.each([
    ['boxlab', 'must start with a slash: write "/boxlab"'],
    ['/boxlab/', 'must not end with a slash: write "/boxlab"'],
    ['boxlab/', 'must start with a slash: write "/boxlab"'],
    ['/', 'leave it unset'],
    ['/a b', 'letters, digits'],
    ['/a/../b', 'letters, digits'],
    ['/.hidden', 'letters, digits'],
    ['/a//b', 'letters, digits'],
    ['/a?x=1', 'letters, digits'],
    ['/a"onload', 'letters, digits'],
    [`/${'a'.repeat(100)}`, 'at most 100'],
  ])('refuses %j, naming the setting and the fix', (value, advice) => {
    expect(basePathProblem(value)).toContain(advice);
    let error: unknown;
    try {
      loadConfig({ BOXLAB_BASE_PATH: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('BOXLAB_BASE_PATH is');
    expect((error as ConfigError).message).toContain(advice);
  });

  it('wants the OIDC callback under the base', () => {
    const oidc = {
      BOXLAB_OIDC_ISSUER: 'https://id.example.org',
      BOXLAB_OIDC_CLIENT_ID: 'boxlab',
      BOXLAB_OIDC_CLIENT_SECRET: 'secret',
      BOXLAB_OIDC_INSTRUCTORS: 'ann@example.org',
    };
    const under = { ...oidc, BOXLAB_BASE_PATH: '/boxlab', BOXLAB_OIDC_REDIRECT_URL: 'https://x.example.org/boxlab/api/instructor/oidc/callback' };
    expect(loadConfig(under).oidc?.redirectUrl).toBe(under.BOXLAB_OIDC_REDIRECT_URL);
    expect(() => loadConfig({ ...under, BOXLAB_OIDC_REDIRECT_URL: 'https://x.example.org/api/instructor/oidc/callback' })).toThrow(
      /BOXLAB_OIDC_REDIRECT_URL has the path \/api\/instructor\/oidc\/callback, but Boxlab takes the provider's answer at \/boxlab\/api\/instructor\/oidc\/callback/,
    );
  });
});

describe('the server at the edge of the base', () => {
  it('takes the base off paths inside it and refuses the rest', () => {
    expect(withoutBase('/boxlab', '/boxlab')).toBe('/');
    expect(withoutBase('/boxlab/', '/boxlab')).toBe('/');
    expect(withoutBase('/boxlab?x=1', '/boxlab')).toBe('/?x=1');
    expect(withoutBase('/boxlab/ws/terminal?a', '/boxlab')).toBe('/ws/terminal?a');
    expect(withoutBase('/boxlabx/', '/boxlab')).toBeUndefined();
    expect(withoutBase('/ws/terminal', '/boxlab')).toBeUndefined();
    expect(withoutBase('/anything', '')).toBe('/anything');
  });

  it('puts redirects and cookie paths back under it', () => {
    expect(locationWithBase('/instructor/', '/boxlab')).toBe('/boxlab/instructor/');
    expect(locationWithBase('https://id.example.org/auth', '/boxlab')).toBe('https://id.example.org/auth');
    expect(locationWithBase('//evil.example/', '/boxlab')).toBe('//evil.example/');
    expect(cookieWithBase('boxlab_learner=v; Path=/; Max-Age=1; HttpOnly', '/boxlab')).toBe('boxlab_learner=v; Path=/boxlab; Max-Age=1; HttpOnly');
    expect(cookieWithBase('s=v; Path=/api/instructor/oidc; HttpOnly', '/boxlab')).toBe('s=v; Path=/boxlab/api/instructor/oidc; HttpOnly');
  });
});
