/**
 * `npm run dev`: the Boxlab server plus Astro's dev server (hot reload for lessons). Astro forwards the
 * terminal WebSocket to the server, so editing a lesson reloads the page but keeps its sandbox.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '../server/node-flags.ts';

const astro = 'node_modules/astro/bin/astro.mjs';
const port = process.env['PORT'] ?? '8080';

// The server reads the lesson manifest from a build; make sure there is one.
const build = spawnSync(process.execPath, [astro, 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const children: ChildProcess[] = [
  spawn(process.execPath, [...SERVER_NODE_FLAGS, '--watch-path=server', 'server/main.ts'], { stdio: 'inherit', env: { ...process.env, PORT: port } }),
  spawn(process.execPath, [astro, 'dev'], { stdio: 'inherit', env: { ...process.env, BOXLAB_BACKEND: `http://127.0.0.1:${port}` } }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => code && code !== 0 && stop());
