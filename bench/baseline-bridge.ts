/**
 * The baseline: the smallest web terminal one could write — a ws server that pipes each connection to a
 * `docker exec` with a TTY and back, no protocol, no flow control, no replay, no mirror. Same image, same
 * limits and same runtime code as Boxlab's sandboxes, so the ratio shows what Boxlab's own layers cost.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { DockerRuntime } from '../server/sandbox/docker/docker-runtime.ts';
import { shellProfile, specFor } from '../server/sandbox/profiles.ts';
import { serveParent } from './child.ts';

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

/** Start one container (labelled for cleanup with `labels`) and a bridge to it. */
async function startBaseline(runtime: DockerRuntime, imageTag: string, labels: Record<string, string>): Promise<Baseline> {
  // One container serves all the baseline's shells (up to 100 at once, 20 flooding): room for them all.
  const profile = shellProfile({ memoryMb: 1024, cpus: 2, pids: 512 });
  const suffix = randomBytes(4).toString('hex');
  const box = await runtime.create(specFor(profile, { imageTag, name: `boxlab-baseline-${suffix}`, hostname: `base-${suffix}`, labels }));
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', async (ws) => {
    const proc = await runtime
      .openTerminal(box.id, { cmd: ['/bin/bash', '-l'], user: profile.user, env: { TERM: 'xterm-256color' }, cols: 120, rows: 30 })
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
      await runtime.remove(box.id);
    },
  };
}

// Run as a child process of the benchmark (see child.ts): `baseline-bridge.ts IMAGE_TAG LABELS_JSON`.
const [tag, labels] = process.argv.slice(2);
const baseline = await startBaseline(new DockerRuntime(), tag!, JSON.parse(labels ?? '{}') as Record<string, string>);
serveParent(baseline.url, { close: () => baseline.close() });
