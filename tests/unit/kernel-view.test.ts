/**
 * What the kernel panel shows: the engine's stats and the namespace links read into figures (pure), the frames one
 * socket sends (about once a second while asked, never two reads at once, nothing once stopped), and how the page
 * words them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareNamespaces, cpuBetween, namespaceInode, parseEngineStats } from '../../server/sandbox/kernel-view.ts';
import { decodeClientControl, decodeServerControl, encodeControl, type ServerControl } from '../../server/contracts/terminal-protocol.ts';
import { errorCodes } from '../../server/contracts/errors.ts';
import { kernelFeed, kernelFrame } from '../../server/terminal/socket/socket-kernel.ts';
import type { SocketContext } from '../../server/terminal/socket/socket-context.ts';
import type { KernelReader } from '../../server/sandbox/kernel-reader.ts';
import { cpuGauge, memoryGauge, mib, pidsGauge } from '../../src/client/kernel-format.ts';

/** As Docker answers on a cgroup v1 host (trimmed). */
const engineStats = (usageNs: number, systemNs: number, memory = 50 * 2 ** 20) => ({
  memory_stats: { usage: memory + 4 * 2 ** 20, limit: 256 * 2 ** 20, stats: { total_inactive_file: 4 * 2 ** 20 } },
  pids_stats: { current: 7, limit: 128 },
  cpu_stats: { cpu_usage: { total_usage: usageNs }, system_cpu_usage: systemNs, online_cpus: 2, throttling_data: { throttled_periods: 3 } },
});

describe('the engine stats, read', () => {
  it('counts memory as docker stats does, and keeps the limits', () => {
    expect(parseEngineStats(engineStats(1e9, 1e12))).toEqual({
      memory: { current: 50 * 2 ** 20, max: 256 * 2 ** 20 },
      pids: { current: 7, max: 128 },
      cpu: { usageNs: 1e9, systemNs: 1e12, onlineCpus: 2, throttledPeriods: 3 },
    });
  });

  it('reads "no limit" as none, and a stopped container as nothing', () => {
    const s = engineStats(1, 1);
    s.memory_stats.limit = 2 ** 63;
    (s.pids_stats as { limit?: number }).limit = 0;
    expect(parseEngineStats(s)).toMatchObject({ memory: { max: undefined }, pids: { max: undefined } });
    expect(parseEngineStats({ read: '0001-01-01T00:00:00Z', memory_stats: {}, cpu_stats: { cpu_usage: {} } })).toBeUndefined();
    expect(parseEngineStats(null)).toBeUndefined();
    expect(parseEngineStats({ memory_stats: { usage: -5 }, cpu_stats: { cpu_usage: { total_usage: 'x' } } })).toBeUndefined();
  });

  it('measures CPUs used between two samples, as a share of the host times its CPUs', () => {
    const a = parseEngineStats(engineStats(1e9, 100e9))!;
    // 0.5 s of CPU while the host's 2 CPUs ran 2 s in all (1 s of wall time): half a CPU.
    const b = parseEngineStats(engineStats(1.5e9, 102e9))!;
    expect(cpuBetween(undefined, b)).toBeUndefined();
    expect(cpuBetween(a, b)).toBeCloseTo(0.5);
    expect(cpuBetween(b, b)).toBeUndefined();
  });
});

describe('namespaces, compared', () => {
  it('reads a link, and only of its own type', () => {
    expect(namespaceInode('net:[4026531840]', 'net')).toBe(4026531840);
    expect(namespaceInode('pid:[4026531840]', 'net')).toBeUndefined();
    expect(namespaceInode('net:[oops]', 'net')).toBeUndefined();
  });

  it('marks as private what differs from the host, and leaves out what either lacks', () => {
    const views = compareNamespaces(
      { net: 'net:[11]', pid: 'pid:[12]', user: 'user:[1]', time: 'time:[2]' },
      { net: 'net:[21]', pid: 'pid:[22]', user: 'user:[1]' },
    );
    expect(views).toEqual([
      { type: 'net', inode: 11, private: true },
      { type: 'pid', inode: 12, private: true },
      { type: 'user', inode: 1, private: false },
    ]);
  });
});

describe('the kernel frames', () => {
  it('validate both ways; the request is strict and names no sandbox', () => {
    const frame = kernelFrame(parseEngineStats(engineStats(1.5e9, 102e9))!, parseEngineStats(engineStats(1e9, 100e9)), 0.5);
    expect(frame).toEqual({ type: 'kernel', memory: { current: 50 * 2 ** 20, max: 256 * 2 ** 20 }, cpu: { used: 0.5, quota: 0.5, throttled: 3 }, pids: { current: 7, max: 128 } });
    expect(decodeServerControl(encodeControl(frame))).toEqual({ ok: true, value: frame });
    expect(decodeClientControl('{"type":"kernel","on":true}')).toEqual({ ok: true, value: { type: 'kernel', on: true } });
    expect(decodeClientControl('{"type":"kernel","on":true,"sandbox":"another"}').ok).toBe(false);
  });
});

describe('one socket’s feed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function fakeSocket(reader: KernelReader, sandbox: object | null = { id: 'mine', profile: { limits: { cpus: 0.5 } } }) {
    const sent: ServerControl[] = [];
    const ctx = { sandbox: sandbox ?? undefined, send: (m: ServerControl) => sent.push(m), deps: { kernel: reader, log: { warn: () => undefined } } } as unknown as SocketContext;
    return { sent, feed: kernelFeed(ctx, 1000) };
  }

  it('reads once a second while on, namespaces only at first, and nothing once off', async () => {
    const asked: string[] = [];
    let usage = 1e9;
    const reader: KernelReader = {
      sample: async (id) => (asked.push(`sample ${id}`), parseEngineStats(engineStats((usage += 0.1e9), usage * 100))),
      namespaces: async (id) => (asked.push(`ns ${id}`), { views: [{ type: 'net', inode: 5, private: true }], reference: 'pid1' }),
    };
    const { sent, feed } = fakeSocket(reader);
    feed.set(true);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked).toEqual(['sample mine', 'ns mine', 'sample mine', 'sample mine', 'sample mine']);
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatchObject({ type: 'kernel', namespaces: [{ type: 'net', inode: 5, private: true }], namespacesComparedWith: 'pid1' });
    expect(sent[0]).not.toHaveProperty('cpu.used');
    expect(sent[1]).not.toHaveProperty('namespaces');
    expect(sent[1]).toHaveProperty('cpu.used');
    feed.set(true); // asked again while on: still one timer
    feed.set(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked).toHaveLength(5);
    expect(sent).toHaveLength(4);
  });

  it('never starts a read while one is still out', async () => {
    let reads = 0;
    const reader: KernelReader = {
      sample: () => (reads++, new Promise(() => undefined)),
      namespaces: async () => 'no',
    };
    const { feed } = fakeSocket(reader);
    feed.set(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(1);
    feed.stop();
  });

  it('refuses a socket with no sandbox of its own (a watcher, or before the hello)', async () => {
    const reader: KernelReader = { sample: vi.fn(), namespaces: vi.fn() };
    const { sent, feed } = fakeSocket(reader, null);
    feed.set(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent).toEqual([{ type: 'error', code: errorCodes.NO_SANDBOX, message: expect.any(String) }]);
    expect(reader.sample).not.toHaveBeenCalled();
  });
});

describe('the panel’s words', () => {
  const frame = (over: Partial<Extract<ServerControl, { type: 'kernel' }>> = {}): Extract<ServerControl, { type: 'kernel' }> => ({
    type: 'kernel',
    memory: { current: 12.34 * 2 ** 20, max: 256 * 2 ** 20 },
    cpu: { used: 0.5, quota: 0.5, throttled: 0 },
    pids: { current: 4, max: 128 },
    ...over,
  });
  it('says usage against the limit', () => {
    expect(mib(12.34 * 2 ** 20)).toBe('12.3 MiB');
    expect(memoryGauge(frame()).text).toBe('12.3 MiB of 256 MiB (5 %)');
    expect(cpuGauge(frame()).text).toBe('0.50 CPUs of 0.50 CPUs (100 %)');
    expect(cpuGauge(frame({ cpu: { quota: 0.5, throttled: 9 } })).text).toBe('measuring… of 0.50 CPUs; throttled in 9 periods so far');
    expect(pidsGauge(frame()).text).toBe('4 of 128');
    expect(pidsGauge(frame({ pids: { current: 4 } }))).toEqual({ value: 4, max: undefined, text: '4, no limit' });
  });
});
