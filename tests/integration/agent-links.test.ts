/**
 * The server's end of the agents' links, over real unix sockets with a stand-in agent (no engine needed):
 * what happens when a shell fails to start, when two opens race, and when an agent stops reading input.
 */
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AGENT_SOCKET_NAME } from '../../server/contracts/agent-protocol.ts';
import { AgentLinks, MAX_PENDING_INPUT } from '../../server/terminal/agent-links.ts';

let root: string;
let links: AgentLinks;
const agents: net.Socket[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'boxlab-links-'));
  links = new AgentLinks({ root: join(root, 'agents') });
});

afterEach(async () => {
  vi.useRealTimers();
  for (const a of agents.splice(0)) a.destroy();
  await links.close();
  await rm(root, { recursive: true, force: true });
});

/** What `boxlab-terminal` would start: an agent that links and says which terminal it holds. */
function agent(key: string, terminal: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(join(root, 'agents', key, AGENT_SOCKET_NAME), () => {
      socket.write(`BOXLAB-AGENT 1 ${terminal} 42\n`);
      resolve(socket);
    });
    socket.once('error', reject);
    agents.push(socket);
  });
}

describe('AgentLinks', () => {
  it('links the agent a start launched, and input reaches it in frames', async () => {
    await links.prepare('box1');
    let linked: net.Socket | undefined;
    const link = await links.link('box1', 'main', async () => void (linked = await agent('box1', 'main')), 5000);
    const got: Buffer[] = [];
    linked!.on('data', (d: Buffer) => got.push(d));
    expect(link.write(new Uint8Array([0x61]))).toBe(true);
    await vi.waitFor(() => expect(Buffer.concat(got)).toEqual(Buffer.from([1, 0, 1, 0x61])), { timeout: 5000 });
  });

  it('a failed start rejects with its error and leaves nothing pending', async () => {
    await links.prepare('box1');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const failing = links.link('box1', 'main', async () => {
      throw new Error('boxlab-terminal exited with 1');
    }, 15_000);
    await expect(failing).rejects.toThrow(/exited with 1/);
    // Its link timer is gone: nothing rejects later with nobody listening (which ends a node process).
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    // And the terminal id is free to be opened again.
    const link = await links.link('box1', 'main', async () => void (await agent('box1', 'main')), 5000);
    expect(link.write(new Uint8Array([0x61]))).toBe(true);
  });

  it('a start slower than the link timeout rejects once it returns, and nothing is left unhandled meanwhile', async () => {
    await links.prepare('box1');
    let go = () => {};
    const slow = links.link('box1', 'main', () => new Promise<void>((r) => (go = r)), 50);
    // The timeout passes while the start is still running (under the old code: an unhandled rejection here).
    await new Promise((r) => setTimeout(r, 100));
    go();
    await expect(slow).rejects.toThrow(/did not link within 50 ms/);
    // An agent that links late is kept for the next open.
    await agent('box1', 'main');
    await vi.waitFor(async () => expect((await links.link('box1', 'main', async () => {}, 1000)).write(new Uint8Array([0x61]))).toBe(true), { timeout: 5000 });
  });

  it('refuses a second open of a terminal that is still being opened, at once', async () => {
    await links.prepare('box1');
    let go = () => {};
    const first = links.link('box1', 'main', () => new Promise<void>((r) => (go = r)), 5000);
    await expect(links.link('box1', 'main', async () => {}, 5000)).rejects.toThrow(/already being opened/);
    go();
    await agent('box1', 'main');
    expect((await first).write(new Uint8Array([0x61]))).toBe(true);
  });

  it('holds at most MAX_PENDING_INPUT for an agent that does not read, then refuses input', async () => {
    await links.prepare('box1');
    let stalled: net.Socket | undefined;
    const link = await links.link('box1', 'main', async () => void (stalled = await agent('box1', 'main')), 5000);
    stalled!.pause();
    const frame = new Uint8Array(60 * 1024).fill(0x61);
    let sent = 0;
    while (link.write(frame)) {
      sent += frame.length;
      // The kernel's socket buffers take some first; past them it must stop, far below 64 MiB.
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    }
    expect(sent).toBeGreaterThanOrEqual(MAX_PENDING_INPUT);
    expect(link.write(new Uint8Array([0x03]))).toBe(false);
    // Once the agent reads again, input is taken again.
    stalled!.resume();
    await vi.waitFor(() => expect(link.write(new Uint8Array([0x62]))).toBe(true), { timeout: 5000 });
  });
});
