import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/load.ts';

describe('loadConfig', () => {
  it('gives documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', siteDir: 'dist', instance: 'default', allowedOrigins: [] });
    expect(c.idleTimeoutMs).toBe(15 * 60 * 1000);
    expect(c.shell).toEqual({ memoryMb: 256, cpus: 0.5, pids: 128 });
  });

  it('reads PORT, HOST, lists and labels', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      BOXLAB_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      BOXLAB_EXTRA_LABELS: 'boxlab.test=1,team=x=y',
      BOXLAB_COOKIE_SECURE: 'true',
    });
    expect(c.port).toBe(9000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.extraLabels).toEqual({ 'boxlab.test': '1', team: 'x=y' });
    expect(c.cookieSecure).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
  });

  it('lists every bad setting at once, each with its name and what to do, and points at the docs', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        BOXLAB_SECRET: 'short-secret-value',
        BOXLAB_INSTANCE: 'no spaces',
        BOXLAB_LOG_LEVEL: 'loud',
        BOXLAB_TTL_S: '1.5',
        BOXLAB_EXTRA_LABELS: 'novalue',
        BOXLAB_DOCKER_REGISTRY_USERNAME: 'u',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(problems.map((p) => p.setting)).toEqual([
      'PORT',
      'BOXLAB_SECRET',
      'BOXLAB_INSTANCE',
      'BOXLAB_TTL_S',
      'BOXLAB_LOG_LEVEL',
      'BOXLAB_EXTRA_LABELS',
      'BOXLAB_DOCKER_REGISTRY_USERNAME',
    ]);
    expect(message).toMatch(/^Invalid configuration: 7 settings are wrong\.$/m);
    expect(message).toMatch(/^  PORT is "eighty": write a number\.$/m);
    expect(message).toMatch(/^  BOXLAB_SECRET is a value of 18 characters \(not shown\): must be at least 32 characters\.$/m);
    expect(message).toMatch(/^  BOXLAB_INSTANCE is "no spaces": must be 1 to 64 letters, digits/m);
    expect(message).toMatch(/^  BOXLAB_TTL_S is "1\.5": write a whole number\.$/m);
    expect(message).toMatch(/^  BOXLAB_LOG_LEVEL is "loud": write one of fatal, error, warn, info, debug, trace, silent\.$/m);
    expect(message).toMatch(/^  BOXLAB_EXTRA_LABELS has "novalue", which is not key=value/m);
    expect(message).toMatch(/^  BOXLAB_DOCKER_REGISTRY_USERNAME and BOXLAB_DOCKER_REGISTRY_PASSWORD go together/m);
    expect(message).toMatch(/docs\/operators\.md#settings/);
    // A secret's value never appears in what is printed.
    expect(message).not.toContain('short-secret-value');
  });

  it('names the entry of a list that is wrong, and bounds', () => {
    const error = (() => {
      try {
        loadConfig({ BOXLAB_SECRET_PREVIOUS: `${'a'.repeat(32)},tooshort`, BOXLAB_SHELL_CPUS: '0', BOXLAB_DOCKER_MEMORY_MB: '10' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('loadConfig accepted it');
    })();
    expect(error.message).toMatch(/^  BOXLAB_SECRET_PREVIOUS is a value of \d+ characters \(not shown\): entry 2: must be at least 32 characters\.$/m);
    expect(error.message).toMatch(/^  BOXLAB_SHELL_CPUS is "0": write a number above 0\.$/m);
    expect(error.message).toMatch(/^  BOXLAB_DOCKER_MEMORY_MB is "10": write a number of at least 256\.$/m);
    expect(error.message).toMatch(/3 settings are wrong/);
  });

  it('reads the previous cookie secrets and the metrics token', () => {
    const old = 'o'.repeat(32);
    expect(loadConfig({}).previousSecrets).toEqual([]);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    const c = loadConfig({ BOXLAB_SECRET_PREVIOUS: `${old}, ${'p'.repeat(40)}`, BOXLAB_METRICS_TOKEN: 'm'.repeat(24) });
    expect(c.previousSecrets).toEqual([old, 'p'.repeat(40)]);
    expect(c.metricsToken).toBe('m'.repeat(24));
  });

  it('rejects labels that are not key=value', () => {
    expect(() => loadConfig({ BOXLAB_EXTRA_LABELS: 'novalue' })).toThrow(/not key=value/);
  });
});

describe('lesson settings', () => {
  it('has documented defaults for checks, setup and the rate limit', () => {
    const c = loadConfig({});
    expect(c.checkTimeoutMs).toBe(10_000);
    expect(c.setupTimeoutMs).toBe(30_000);
    expect(c.checkRate).toEqual({ burst: 10, perMinute: 30 });
    expect(c.contentRoot).toBe('.');
  });
  it('reads them from the environment and rejects nonsense', () => {
    const c = loadConfig({ BOXLAB_CHECK_TIMEOUT_S: '3', BOXLAB_CHECK_BURST: '4', BOXLAB_CHECKS_PER_MINUTE: '12', BOXLAB_CONTENT_ROOT: '/srv/course' });
    expect(c).toMatchObject({ checkTimeoutMs: 3000, checkRate: { burst: 4, perMinute: 12 }, contentRoot: '/srv/course' });
    expect(() => loadConfig({ BOXLAB_CHECK_TIMEOUT_S: '0' })).toThrow(/BOXLAB_CHECK_TIMEOUT_S/);
  });
});

describe('registry upstream', () => {
  const docker = { BOXLAB_DOCKER_ELEVATED: 'true' };
  it('is off unless set, and read with its credentials', () => {
    expect(loadConfig(docker).docker?.registryUpstream).toBeUndefined();
    const c = loadConfig({ ...docker, BOXLAB_DOCKER_REGISTRY_UPSTREAM: 'https://registry-1.docker.io', BOXLAB_DOCKER_REGISTRY_USERNAME: 'u', BOXLAB_DOCKER_REGISTRY_PASSWORD: 'p' });
    expect(c.docker?.registryUpstream).toEqual({ url: 'https://registry-1.docker.io', username: 'u', password: 'p' });
  });
  it('rejects a URL that is not http(s), a user without a password, and an upstream without the docker profile', () => {
    expect(() => loadConfig({ ...docker, BOXLAB_DOCKER_REGISTRY_UPSTREAM: 'ftp://x' })).toThrow(/BOXLAB_DOCKER_REGISTRY_UPSTREAM.*http/);
    expect(() => loadConfig({ ...docker, BOXLAB_DOCKER_REGISTRY_UPSTREAM: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...docker, BOXLAB_DOCKER_REGISTRY_UPSTREAM: 'https://r.example', BOXLAB_DOCKER_REGISTRY_USERNAME: 'u' })).toThrow(/go together/);
    expect(() => loadConfig({ BOXLAB_DOCKER_REGISTRY_UPSTREAM: 'https://r.example' })).toThrow(/only docker sandboxes use it/);
  });
});
