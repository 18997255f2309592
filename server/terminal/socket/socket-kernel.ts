/**
 * The `kernel` frames of one socket: while the learner's panel is open (`kernel` `on: true`), about once a second,
 * their own sandbox's cgroup usage against its limits and, in the first frame, its namespaces. Read on the host's
 * side (sandbox/kernel-reader.ts); the sandbox is the one this socket's hello acquired for the learner's cookie, so
 * no frame can name another. Nothing is read while the panel is closed, and a slow read is never doubled.
 */
import { errorCodes } from '../../contracts/errors.ts';
import type { ServerControl } from '../../contracts/terminal-protocol.ts';
import { cpuBetween, type CgroupSample } from '../../sandbox/kernel-view.ts';
import type { KernelFeed, SocketContext } from './socket-context.ts';

export const KERNEL_EVERY_MS = 1000;

type KernelFrame = Extract<ServerControl, { type: 'kernel' }>;

/** A sample (and the one before it, for CPU) as a frame. Pure. */
export function kernelFrame(sample: CgroupSample, before: CgroupSample | undefined, quotaCpus: number): KernelFrame {
  const used = cpuBetween(before, sample);
  return {
    type: 'kernel',
    memory: { current: sample.memory.current, ...(sample.memory.max !== undefined ? { max: sample.memory.max } : {}) },
    cpu: { ...(used !== undefined ? { used: Math.round(used * 1000) / 1000 } : {}), quota: quotaCpus, throttled: sample.cpu.throttledPeriods },
    pids: { current: sample.pids.current, ...(sample.pids.max !== undefined ? { max: sample.pids.max } : {}) },
  };
}

export function kernelFeed(ctx: SocketContext, everyMs = KERNEL_EVERY_MS): KernelFeed {
  let timer: ReturnType<typeof setInterval> | undefined;
  let before: CgroupSample | undefined;
  let reading = false;
  let first = true;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const tick = async () => {
    const reader = ctx.deps.kernel;
    const sandbox = ctx.sandbox;
    if (reading || !reader || !sandbox) return;
    reading = true;
    try {
      const wantNamespaces = first;
      const [sample, namespaces] = await Promise.all([reader.sample(sandbox.id), wantNamespaces ? reader.namespaces(sandbox.id) : undefined]);
      if (!timer || !sample) return;
      const frame = kernelFrame(sample, before, sandbox.profile.limits.cpus);
      before = sample;
      first = false;
      if (typeof namespaces === 'string') frame.unavailable = namespaces;
      else if (namespaces) {
        frame.namespaces = namespaces.views;
        frame.namespacesComparedWith = namespaces.reference;
      }
      ctx.send(frame);
    } catch (err) {
      ctx.deps.log.warn({ err, sandbox: sandbox.id }, 'could not read what the kernel sees of a sandbox');
    } finally {
      reading = false;
    }
  };
  return {
    set(on) {
      if (!on) return stop();
      if (timer) return;
      // Only the learner's own sandbox, once their hello has one: a viewer watching someone else's shell has none.
      if (!ctx.sandbox || ctx.deps.kernel === undefined) {
        return ctx.send({ type: 'error', code: errorCodes.NO_SANDBOX, message: 'There is no sandbox of yours on this terminal to look at yet.' });
      }
      first = true;
      before = undefined;
      timer = setInterval(() => void tick(), everyMs);
      void tick();
    },
    stop,
  };
}
