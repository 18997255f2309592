/**
 * The browser's connection logic (src/client/terminal-connection.ts) run in Node against the real server:
 * after a network drop it reconnects by itself with backoff, says so, and resumes without losing or
 * repeating output; when the sandbox goes away it says the terminal expired instead of retrying for ever.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TerminalConnection, type ConnectionState } from '../../src/client/terminal-connection.ts';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { startDropProxy, type DropProxy } from '../helpers/drop-proxy.ts';
import { eventually } from '../helpers/eventually.ts';
import { newLearnerCookie, plain } from '../helpers/terminal-client.ts';

let box: RunningBoxlab;
let proxy: DropProxy;
const connections: TerminalConnection[] = [];

beforeAll(async () => {
  box = await startBoxlab();
  const { port } = new URL(box.baseUrl);
  proxy = await startDropProxy({ host: '127.0.0.1', port: Number(port) });
});
afterAll(async () => {
  for (const c of connections) c.stop();
  await proxy.close();
  await box.destroy();
});

/** A TerminalConnection as the page makes one, with a screen that is just text. */
function browserLike(cookie: string) {
  const seen = { text: '', resets: 0, states: [] as ConnectionState[], messages: [] as string[] };
  const decoder = new TextDecoder();
  const connection = new TerminalConnection({
    url: proxy.url.replace(/^http/, 'ws') + '/ws/terminal',
    terminal: 'main',
    lesson: 'containers/what-is-a-container',
    size: () => ({ cols: 120, rows: 30 }),
    // Node's WebSocket (undici) takes headers: the cookie and Origin a browser would send.
    socket: (url) => new WebSocket(url, { headers: { cookie, origin: proxy.url } } as unknown as string[]),
    events: {
      output: (data, rendered) => {
        seen.text += decoder.decode(data, { stream: true });
        rendered();
      },
      reset: () => seen.resets++,
      state: (state, message) => {
        seen.states.push(state);
        seen.messages.push(message);
      },
    },
  });
  connections.push(connection);
  return { connection, seen };
}

it('reconnects by itself after a network drop and resumes without loss or repeats', async () => {
  const cookie = await newLearnerCookie(box.baseUrl);
  const { connection, seen } = browserLike(cookie);
  connection.connect();
  await eventually(() => /\$ $/.test(seen.text), 'the prompt');
  expect(seen.states).toContain('connecting');
  connection.input('echo BEFORE-$((1+1))\r');
  await eventually(() => /BEFORE-2\r\n/.test(seen.text), 'BEFORE-2');

  proxy.dropAll();
  await eventually(() => seen.states.includes('reconnecting'), 'the reconnecting state');
  expect(seen.messages.join('\n')).toMatch(/Reconnecting/);
  await eventually(() => seen.states.at(-1) === 'ready', 'ready again', 20_000);
  connection.input('echo AFTER-$((2+2))\r');
  await eventually(() => /AFTER-4\r\n/.test(seen.text), 'AFTER-4');

  expect(seen.resets).toBe(0);
  const text = plain(seen.text);
  expect(text.match(/^BEFORE-2$/gm)).toHaveLength(1);
  expect(text.match(/^AFTER-4$/gm)).toHaveLength(1);
});

it('shows the terminal as expired when its sandbox is removed, and stops retrying', async () => {
  const cookie = await newLearnerCookie(box.baseUrl);
  const { connection, seen } = browserLike(cookie);
  connection.connect();
  await eventually(() => /\$ $/.test(seen.text), 'the prompt');
  const [sandbox] = box.boxlab.manager.list().filter((s) => seen.text.includes(s.hostname));
  expect(sandbox).toBeDefined();
  await box.boxlab.manager.remove(sandbox!, 'expired');
  await eventually(() => seen.states.at(-1) === 'expired', 'the expired state');
  expect(seen.messages.at(-1)).toMatch(/removed/);
  expect(seen.states.filter((s) => s === 'reconnecting')).toHaveLength(0);
});

it('does not count output of the dropped connection that is rendered after the new one attached', async () => {
  const cookie = await newLearnerCookie(box.baseUrl);
  // A screen slower than the network: it holds its "rendered" callbacks until the test releases them.
  const late: (() => void)[] = [];
  let lateBytes = 0;
  let holding = false;
  const acks: number[] = [];
  let attachedAt = -1;
  const connection = new TerminalConnection({
    url: proxy.url.replace(/^http/, 'ws') + '/ws/terminal',
    terminal: 'slow',
    lesson: 'containers/what-is-a-container',
    size: () => ({ cols: 120, rows: 30 }),
    socket: (url) => {
      const ws = new WebSocket(url, { headers: { cookie, origin: proxy.url } } as unknown as string[]);
      const send = ws.send.bind(ws);
      ws.send = (data) => {
        if (typeof data === 'string' && data.includes('"ack"')) acks.push(JSON.parse(data).position);
        send(data);
      };
      ws.addEventListener('message', (ev) => {
        if (typeof ev.data === 'string' && ev.data.includes('"attached"')) attachedAt = JSON.parse(ev.data).position;
      });
      return ws;
    },
    events: {
      output: (data, rendered) => {
        if (!holding) return rendered();
        late.push(rendered);
        lateBytes += data.length;
      },
      reset: () => {},
      state: () => {},
    },
  });
  connections.push(connection);
  connection.connect();
  await eventually(() => attachedAt >= 0 && acks.length > 0, 'the first acknowledgement');
  holding = true;
  connection.input('seq 1 20000; echo SEQ-$((5+5))\r');
  // More than the 16 KiB a client acknowledges at once, so counting it would show in the next ack.
  await eventually(() => lateBytes > 32 * 1024, 'output the screen has not rendered');
  const before = attachedAt;
  proxy.dropAll();
  await eventually(() => attachedAt !== before, 'attached again', 20_000);
  const resumedAt = attachedAt;
  const acked = acks.length;
  // The old connection's output is rendered now, after the new one attached from its own position.
  holding = false;
  for (const done of late.splice(0)) done();
  connection.input('echo AFTER-$((2+2))\r');
  await eventually(() => acks.slice(acked).some((p) => p > resumedAt), 'an acknowledgement on the new connection');
  // Every acknowledgement since counts only what this connection received: none runs ahead of it.
  const received = (connection as unknown as { received: number }).received;
  for (const p of acks.slice(acked)) expect(p).toBeLessThanOrEqual(received);
});
