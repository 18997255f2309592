/**
 * A benchmark server in a process of its own (Boxlab, or the baseline bridge), so that clients and
 * servers are apart as in real use and the memory measured is the server's alone. The child sends
 * `{type: 'ready', url}` and answers `{type, id}` requests with `{id, value}`; `close` ends it.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Child {
  url: string;
  ask<T>(type: string): Promise<T>;
  /** Resident memory now, in bytes, read from /proc: needs no answer from a busy child. */
  rss(): number;
  close(): Promise<void>;
}

/** `nodeFlags`: for node itself, e.g. the V8 flags the server runs with in production. */
export async function startChild(script: string, args: string[], nodeFlags: readonly string[] = []): Promise<Child> {
  const child = fork(new URL(script, import.meta.url), args, { stdio: 'inherit', execArgv: [...process.execArgv, ...nodeFlags] });
  // A child that died (it prints why) must not take the benchmark, and its cleanup, down with it.
  child.on('error', () => undefined);
  const waiting = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    child.on('message', (msg: { type?: string; url?: string; id?: number; value?: unknown }) => {
      if (msg.type === 'ready') resolve(msg.url!);
      else if (msg.id !== undefined) waiting.get(msg.id)?.(msg.value);
    });
  });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`${script} is gone`));
      const id = nextId++;
      waiting.set(id, (v) => (waiting.delete(id), resolve(v as T)));
      child.send({ type, id });
    });
  return {
    url,
    ask,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    async close() {
      if (child.exitCode === null && child.connected) {
        await Promise.race([ask('close').catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
      }
      child.kill();
    },
  };
}

/** In the child: announce the URL, then answer requests with `handlers`. */
export function serveParent(url: string, handlers: Record<string, () => Promise<unknown> | unknown>): void {
  process.send?.({ type: 'ready', url });
  process.on('message', (msg: { type: string; id: number }) => {
    void (async () => {
      const handler = handlers[msg.type];
      const value = handler ? await handler() : null;
      process.send?.({ id: msg.id, value: value ?? null });
      if (msg.type === 'close') process.exit(0);
    })();
  });
}
