/**
 * Boxlab as an operator hosts it: under a sub-path (BOXLAB_BASE_PATH=/boxlab), behind nginx with TLS, running the
 * example configuration the docs give (deploy/nginx/boxlab.conf) with a self-signed certificate on loopback. A
 * learner in Chromium opens a lesson through the proxy, gets a prompt over the proxied WebSocket and runs a command.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { launchBrowser, screenshot, terminalText } from '../helpers/browser.ts';
import { eventually } from '../helpers/eventually.ts';
import { MANIFEST_PATH } from '../../server/contracts/manifest.ts';

const BASE = '/boxlab';
const SITE_DIR = 'dist-test-base';
const NGINX = process.env['NGINX_PATH'] ?? '/usr/sbin/nginx';

let box: RunningBoxlab | undefined;
let browser: Browser | undefined;
let nginx: ChildProcess | undefined;
let dir = '';
let origin = '';
let httpPort = 0;

/** A port free on loopback now (nginx takes it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1', () => ok(socket.end() && true));
    socket.on('error', () => ok(false));
  });
}

/** deploy/nginx/boxlab.conf with this test's ports, certificate and Boxlab, in a main config of its own. */
function nginxConfig(httpsPort: number, httpPort: number, upstreamPort: number): string {
  const example = readFileSync('deploy/nginx/boxlab.conf', 'utf8');
  const site = [
    ['listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`],
    ['listen 80;', `listen 127.0.0.1:${httpPort};`],
    ['/etc/ssl/boxlab/fullchain.pem', join(dir, 'cert.pem')],
    ['/etc/ssl/boxlab/privkey.pem', join(dir, 'key.pem')],
    ['http://127.0.0.1:8080', `http://127.0.0.1:${upstreamPort}`],
  ].reduce((text, [from, to]) => {
    if (!text.includes(from!)) throw new Error(`deploy/nginx/boxlab.conf no longer says ${from}: update this test`);
    return text.replaceAll(from!, to!);
  }, example);
  writeFileSync(join(dir, 'boxlab.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join('\n  ');
  return `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp}
  include ${join(dir, 'boxlab.conf')};
}
`;
}

beforeAll(async () => {
  // Its own build: the sub-path is written into the pages. BOXLAB_TEST_SKIP_BUILD reuses a finished one.
  if (!(process.env['BOXLAB_TEST_SKIP_BUILD'] && existsSync(join(SITE_DIR, MANIFEST_PATH)))) {
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent', '--outDir', SITE_DIR], {
      stdio: 'inherit',
      env: { ...process.env, BOXLAB_BASE_PATH: BASE },
    });
  }
  box = await startBoxlab({ BOXLAB_SITE_DIR: SITE_DIR, BOXLAB_BASE_PATH: BASE, BOXLAB_TRUST_PROXY: 'true', BOXLAB_COOKIE_SECURE: 'true' });
  dir = mkdtempSync(join(tmpdir(), 'boxlab-proxy-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const httpsPort = await freePort();
  httpPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(httpsPort, httpPort, Number(new URL(box.baseUrl).port)));
  nginx = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await eventually(() => {
    if (nginx?.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    return accepts(httpsPort);
  }, 'nginx to listen', 10_000);
  origin = `https://localhost:${httpsPort}`;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((ok) => nginx?.once('exit', ok));
    nginx.kill('SIGTERM');
    await exited;
  }
  await box?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('serves a lesson and its terminal under the sub-path, through nginx with TLS and WebSockets', async () => {
  const context = await browser!.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const outside: string[] = [];
  // Every request the page makes must stay under the sub-path: one that escapes it would fail behind a real proxy.
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin === origin && !url.pathname.startsWith(`${BASE}/`)) outside.push(url.pathname);
  });

  await page.goto(`${origin}${BASE}/`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toMatch(/Containers/);
  await page.getByRole('link', { name: 'What is a container?' }).click();
  await page.waitForURL(`${origin}${BASE}/lessons/containers/what-is-a-container/`);

  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toMatch(/learner@box-\w+:~\$/);
  await page.locator('boxlab-terminal .xterm').click();
  await page.keyboard.type('echo "through the proxy: $((6*7))"');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^through the proxy: 42$/m);
  await screenshot(page, 'proxy-subpath-lesson');

  expect(outside).toEqual([]);
  const cookies = await context.cookies(`${origin}${BASE}/`);
  expect(cookies.find((c) => c.name === 'boxlab_learner')).toMatchObject({ path: BASE, secure: true, httpOnly: true });
  // The bare sub-path and plain HTTP lead to the site, as the example says.
  const bare = await page.request.get(`${origin}${BASE}`, { maxRedirects: 0 });
  expect([bare.status(), new URL(bare.headers()['location'] ?? '', origin).href]).toEqual([308, `${origin}${BASE}/`]);
  const plainHttp = await page.request.get(`http://localhost:${httpPort}${BASE}/`, { maxRedirects: 0 });
  expect([plainHttp.status(), plainHttp.headers()['location']]).toEqual([308, `https://localhost${BASE}/`]);
  await context.close();
});

it('answers only under the sub-path, and says where Boxlab is', async () => {
  const direct = await fetch(`${box!.baseUrl}/lessons/containers/what-is-a-container/`);
  expect(direct.status).toBe(404);
  expect(await direct.text()).toContain(`${BASE}/`);
  const health = await fetch(`${box!.baseUrl}${BASE}/healthz`);
  expect(health.status).toBe(200);
  // A directory without its slash is redirected inside the sub-path.
  const redirect = await fetch(`${box!.baseUrl}${BASE}/search`, { redirect: 'manual' });
  expect(redirect.headers.get('location')).toBe(`${BASE}/search/`);
});
