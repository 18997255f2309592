/**
 * The baseline: the smallest web terminal one could write — a ws server that pipes each connection to a
 * `docker exec` of `bash -l` with a TTY and back, no protocol, no flow control, no replay, no mirror, same
 * runtime code as Boxlab.
 *
 * It makes no container of its own: each connection names one (`/?container=NAME`), and the benchmark
 * names the very sandboxes Boxlab created for its learners, one per session. Both then carry the same
 * engine, shim and cgroup limits. Boxlab's own path skips the engine (server ↔ terminal agent ↔ shell, see
 * server/terminal/agent-links.ts); the baseline's is the one most web terminals for containers take.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { parseName } from '../../server/sandbox/claims.ts';
import { DockerRuntime } from '../../server/sandbox/docker/docker-runtime.ts';
import { serveParent } from './child.ts';

/** The learner's account in Boxlab's shell image (server/sandbox/profiles.ts). */
const USER = 'learner';
const SHELL = ['/bin/bash', '-l'];

async function startBaseline(runtime: DockerRuntime): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', async (ws, req) => {
    const container = new URL(req.url ?? '/', 'http://x').searchParams.get('container');
    if (!container) return ws.close(1008, 'no container named');
    const open = (name: string) => runtime.openTerminal(name, { cmd: SHELL, user: USER, env: { TERM: 'xterm-256color' }, cols: 120, rows: 30 });
    // Boxlab names the sandbox after its claim; a pooled one may still have its pool name for a moment while the
    // engine renames it in the background (server/sessions/claim-names.ts).
    const proc = await open(container)
      .catch(() => open(parseName(container).base))
      .catch((err: Error) => {
        console.error(`[baseline] ${err.message}`);
        ws.close(1011);
      });
    if (!proc) return;
    proc.stream.on('data', (chunk: Buffer) => ws.send(chunk, { binary: true }));
    proc.stream.on('end', () => ws.close());
    ws.on('message', (data: Buffer) => proc.stream.write(data));
    ws.on('close', () => proc.stream.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

// Run as a child process of the benchmark (see child.ts).
const baseline = await startBaseline(new DockerRuntime());
serveParent(baseline.url, { close: () => baseline.close() });
