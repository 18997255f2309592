/**
 * 1,000 terminal connections opened and dropped abruptly (the socket destroyed, no close frame): mid-upgrade,
 * mid-hello (half a frame), right after the hello (while the sandbox is acquired), and after `attached`. Nothing
 * may be left behind: the server's sockets, timers and other handles (process.getActiveResourcesInfo()), its
 * heap after a full GC, its sandboxes and shells, and listeners on what outlives a socket (the terminal session).
 * Boxlab runs in this process so its handles are this process's.
 */
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeControl } from '../../server/contracts/terminal-protocol.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, TestTerminal } from '../helpers/terminal-client.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const LESSON = 'containers/what-is-a-container';
const BATCH = 50;

let box: RunningBoxlab;
let cookie: string;
let url: string;
beforeAll(async () => {
  box = await startBoxlab({ BOXLAB_POOL_SHELL: '1', BOXLAB_CREATE_PER_MIN_PER_IP: '100000' });
  cookie = await newLearnerCookie(box.baseUrl);
  url = `${box.baseUrl.replace(/^http/, 'ws')}/ws/terminal`;
});
afterAll(async () => {
  await box?.destroy();
});

interface Snapshot {
  resources: Record<string, number>;
  heapMb: number;
  connections: number;
  sandboxes: number;
  sessions: number;
  /** Clients the shells still serve (a dropped socket must leave its session). */
  sessionClients: number;
  /** Clients the sandboxes count as attached (an attached sandbox is never reaped as idle). */
  attachedToSandboxes: number;
}

async function snapshot(): Promise<Snapshot> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const connections = await new Promise<number>((resolve, reject) => box.boxlab.app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
  const sessions = await box.boxlab.registry.all();
  return {
    resources,
    heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
    connections,
    sandboxes: box.boxlab.manager.size,
    sessions: sessions.length,
    sessionClients: sessions.reduce((n, s) => n + s.clientCount, 0),
    attachedToSandboxes: box.boxlab.manager.list().reduce((n, s) => n + s.attachedClients, 0),
  };
}

/** Half an upgrade request, then gone. */
function midUpgrade(port: number): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(`GET /ws/terminal HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
      setImmediate(() => s.destroy());
    });
    s.on('close', () => resolve());
    s.on('error', () => undefined);
  });
}

type Drop = 'mid-hello' | 'after-hello' | 'after-attached';

/** A WebSocket that goes away without a close frame at the given point. */
function dropped(when: Drop): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { cookie, origin: box.baseUrl } });
    const gone = () => ws.terminate();
    ws.on('open', () => {
      if (when === 'mid-hello') {
        // The first bytes of a masked text frame, then nothing more.
        (ws as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.from([0x81, 0xfe, 0x00]));
        setImmediate(gone);
        return;
      }
      ws.send(encodeControl({ type: 'hello', v: 1, lesson: LESSON, terminal: 'main', cols: 80, rows: 24 }));
      if (when === 'after-hello') setImmediate(gone);
    });
    ws.on('message', (data, binary) => {
      if (when === 'after-attached' && !binary && String(data).includes('"attached"')) gone();
    });
    ws.on('close', () => resolve());
    ws.on('error', () => undefined);
  });
}

async function inBatches(n: number, one: (i: number) => Promise<void>): Promise<void> {
  for (let at = 0; at < n; at += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, n - at) }, (_, i) => one(at + i)));
}

it('leaves no socket, timer, sandbox or listener behind after 1,000 abrupt drops', async () => {
  // Warm up: the learner's sandbox and shell exist, and every module is loaded, before the baseline.
  const first = await TestTerminal.open({ baseUrl: box.baseUrl, cookie });
  await first.waitForPrompt();
  await first.close();
  await inBatches(20, (i) => dropped((['mid-hello', 'after-hello', 'after-attached'] as const)[i % 3]!));
  await eventually(async () => (await snapshot()).connections === 0, 'warm-up sockets to close');
  const before = await snapshot();

  const port = Number(new URL(box.baseUrl).port);
  const started = performance.now();
  await inBatches(250, () => midUpgrade(port));
  await inBatches(250, () => dropped('mid-hello'));
  await inBatches(250, () => dropped('after-hello'));
  await inBatches(250, () => dropped('after-attached'));
  const seconds = (performance.now() - started) / 1000;

  // The server notices each drop on its own time: wait for it, bounded.
  const after = await eventually(async () => {
    const s = await snapshot();
    return s.connections === 0 && (s.resources['TCPSocketWrap'] ?? 0) <= (before.resources['TCPSocketWrap'] ?? 0) ? s : undefined;
  }, 'every dropped socket to be closed on the server', 30_000, 250);
  console.log(`1000 drops in ${seconds.toFixed(1)} s; before ${JSON.stringify(before)}; after ${JSON.stringify(after)}`);

  expect(after.connections).toBe(0);
  expect(after.sandboxes).toBe(before.sandboxes);
  expect(after.sessions).toBe(before.sessions);
  expect(after.sessionClients).toBe(0);
  expect(after.attachedToSandboxes).toBe(0);
  // Timers: the hello timeout of each socket must go with it (a few of the server's own may come and go).
  expect(after.resources['Timeout'] ?? 0).toBeLessThanOrEqual((before.resources['Timeout'] ?? 0) + 5);
  for (const [kind, n] of Object.entries(after.resources)) expect(n, kind).toBeLessThanOrEqual((before.resources[kind] ?? 0) + 5);
  // A leak of even 10 KiB per connection would be 10 MB.
  expect(after.heapMb - before.heapMb).toBeLessThan(10);

  // And the learner's shell still answers.
  const again = await TestTerminal.open({ baseUrl: box.baseUrl, cookie });
  expect(await again.run('echo alive-$((40+2))', /alive-42/)).toContain('alive-42');
  await again.close();
});
