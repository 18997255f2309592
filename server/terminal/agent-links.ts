/**
 * The server's end of the terminal agents' links (contracts/agent-protocol.ts).
 *
 * Each sandbox gets a host directory of its own with one listening socket in it, mounted read-only in the
 * sandbox at AGENT_DIR. Agents connect out to it: the server never connects into anything a learner controls
 * (a socket path in a learner-writable place could be swapped for a link to the engine's socket), the learner
 * cannot write to the directory, and the socket a connection came in on says which sandbox it is from.
 *
 * This path skips the engine: keystrokes and output go server ↔ agent ↔ shell, where `docker exec` adds the
 * engine and the container shim (and the TTY of the exec itself) each way.
 */
import net from 'node:net';
import { chmod, mkdir, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_SOCKET_NAME, helloEnd, inputFrames, parseHello, redrawFrame, resizeFrame } from '../contracts/agent-protocol.ts';

/** A shell's terminal as the session sees it: raw output one way, input and size the other. */
export interface ShellLink {
  /** Start delivering output (whatever arrived already first). Called once. */
  start(on: { output(chunk: Buffer): void; end(): void }): void;
  /**
   * Send input on. False, and nothing sent, while `MAX_PENDING_INPUT` bytes already wait to reach the agent: it
   * stops reading the link while the program does not read its terminal, and what piles up here is server memory.
   */
  write(data: Uint8Array): boolean;
  /** Stop reading output: the agent then stops reading the terminal, and the program waits. */
  pause(): void;
  resume(): void;
  resize(cols: number, rows: number): Promise<void>;
  /** Have the foreground program repaint (what a new link to a running shell needs). */
  redraw(): void;
  close(): void;
}

/** Input the server holds for one agent at most (a paste into a program that is not reading, a stopped agent). */
export const MAX_PENDING_INPUT = 1024 * 1024;

export interface AgentLinksOptions {
  /** Host directory holding one directory per sandbox. */
  root: string;
  /** Longest an agent may take to say which terminal it holds. */
  helloTimeoutMs?: number;
  /** Most connections open on one sandbox's socket at once (a learner can open fakes). */
  maxConnections?: number;
}

interface Listener {
  server: net.Server;
  conns: Set<net.Socket>;
  /** Agents linked while nobody asked for them (after a server restart), by terminal id. */
  parked: Map<string, AgentLink>;
  waiting: Map<string, (link: AgentLink) => void>;
}

class AgentLink implements ShellLink {
  private readonly socket: net.Socket;
  private first: Buffer | undefined;
  private started = false;

  constructor(socket: net.Socket, first: Buffer) {
    this.socket = socket;
    this.first = first.length ? first : undefined;
    socket.pause();
  }

  start(on: { output(chunk: Buffer): void; end(): void }): void {
    if (this.started) throw new Error('link started twice');
    this.started = true;
    if (this.first) on.output(this.first);
    this.first = undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      on.end();
    };
    this.socket.on('data', on.output);
    this.socket.on('end', end);
    this.socket.on('close', end);
    this.socket.on('error', end);
    this.socket.resume();
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  write(data: Uint8Array): boolean {
    if (this.socket.destroyed || this.socket.writableLength >= MAX_PENDING_INPUT) return false;
    this.socket.write(inputFrames(data));
    return true;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (!this.socket.destroyed) this.socket.write(resizeFrame(cols, rows));
  }

  redraw(): void {
    if (!this.socket.destroyed) this.socket.write(redrawFrame());
  }

  close(): void {
    this.socket.destroy();
  }
}

export class AgentLinks {
  private readonly listeners = new Map<string, Listener>();
  private readonly opening = new Map<string, Promise<Listener>>();
  private readonly root: string;
  private readonly helloTimeoutMs: number;
  private readonly maxConnections: number;

  constructor(options: AgentLinksOptions) {
    this.root = options.root;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 5000;
    this.maxConnections = options.maxConnections ?? 32;
  }

  /** Where the server records claims (sessions/claim-records.ts): in the root, which no sandbox mounts. */
  get claimsDir(): string {
    return join(this.root, '.claims');
  }

  /** The host directory of the sandbox `key` (its mount's source). */
  dirFor(key: string): string {
    if (!/^[a-z0-9-]{1,40}$/.test(key)) throw new Error(`bad sandbox key ${JSON.stringify(key)}`);
    return join(this.root, key);
  }

  /** Make the sandbox's directory (before its container: the mount needs it) and start listening in it. */
  async prepare(key: string): Promise<string> {
    await this.listen(key);
    return this.dirFor(key);
  }

  /**
   * The link to terminal `terminal` of sandbox `key`: an agent already linked, or the one `start` starts (or
   * nudges). Rejects when none links within `timeoutMs`.
   */
  async link(key: string, terminal: string, start: () => Promise<void>, timeoutMs: number): Promise<ShellLink> {
    const l = await this.listen(key);
    const parked = l.parked.get(terminal);
    if (parked && !parked.closed) {
      l.parked.delete(terminal);
      parked.redraw();
      return parked;
    }
    if (l.waiting.has(terminal)) throw new Error(`terminal ${terminal} is already being opened`);
    let cancel = () => {};
    const linked = new Promise<AgentLink>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (l.waiting.get(terminal) === done) l.waiting.delete(terminal);
        reject(new Error(`the terminal agent did not link within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (link: AgentLink) => {
        clearTimeout(timer);
        resolve(link);
      };
      // A start that failed settles nothing: `linked` is then never awaited, and a late rejection would be unhandled.
      cancel = () => {
        clearTimeout(timer);
        if (l.waiting.get(terminal) === done) l.waiting.delete(terminal);
      };
      l.waiting.set(terminal, done);
    });
    // A start slower than the timeout (the engine under a burst): the rejection comes while `start` is still
    // awaited, with no handler yet, and an unhandled rejection ends the server. The caller still gets it below.
    linked.catch(() => undefined);
    try {
      await start();
    } catch (err) {
      cancel();
      throw err;
    }
    return linked;
  }

  /** The sandbox is gone: stop listening, end its links, remove its directory. */
  async release(key: string): Promise<void> {
    const l = await this.opening.get(key)?.catch(() => undefined);
    this.opening.delete(key);
    this.listeners.delete(key);
    if (l) await this.stop(l);
    await rm(this.dirFor(key), { recursive: true, force: true });
  }

  /**
   * Remove the directories of sandboxes that no longer exist (removed behind the server's back, or while it was
   * down). `keep`: the keys of every sandbox the server holds.
   */
  async prune(keep: ReadonlySet<string>): Promise<number> {
    const entries = await readdir(this.root).catch(() => [] as string[]);
    // Sandbox keys have no dot; `.claims/` is the claim records' (pruned by their owner).
    const stale = entries.filter((key) => !key.startsWith('.') && !keep.has(key) && !this.opening.has(key));
    await Promise.all(stale.map((key) => rm(join(this.root, key), { recursive: true, force: true })));
    return stale.length;
  }

  /** Stop every listener; the directories stay, for the sandboxes that outlive this server. */
  async close(): Promise<void> {
    const all = [...this.listeners.values()];
    this.listeners.clear();
    this.opening.clear();
    await Promise.all(all.map((l) => this.stop(l)));
  }

  private async stop(l: Listener): Promise<void> {
    for (const c of l.conns) c.destroy();
    await new Promise<void>((resolve) => l.server.close(() => resolve()));
  }

  private listen(key: string): Promise<Listener> {
    let opening = this.opening.get(key);
    if (!opening) {
      opening = this.open(key);
      this.opening.set(key, opening);
      opening.catch(() => this.opening.delete(key));
    }
    return opening;
  }

  private async open(key: string): Promise<Listener> {
    const dir = this.dirFor(key);
    // Only the server's user may enter the root; each sandbox sees its own directory through its mount.
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await mkdir(dir, { recursive: true, mode: 0o755 });
    const path = join(dir, AGENT_SOCKET_NAME);
    // A socket file left by an earlier server: ours to replace (the sandbox's mount is read-only).
    await unlink(path).catch(() => undefined);
    const l: Listener = { server: net.createServer(), conns: new Set(), parked: new Map(), waiting: new Map() };
    l.server.on('connection', (socket) => this.accept(l, socket));
    await new Promise<void>((resolve, reject) => {
      l.server.once('error', reject);
      l.server.listen(path, () => resolve());
    });
    // The learner's user in the sandbox connects; nobody else can reach the directory.
    await chmod(path, 0o666);
    this.listeners.set(key, l);
    return l;
  }

  private accept(l: Listener, socket: net.Socket): void {
    if (l.conns.size >= this.maxConnections) {
      socket.destroy();
      return;
    }
    l.conns.add(socket);
    socket.once('close', () => {
      l.conns.delete(socket);
      for (const [id, p] of l.parked) if (p.closed) l.parked.delete(id);
    });
    socket.on('error', () => socket.destroy());
    const timer = setTimeout(() => socket.destroy(), this.helloTimeoutMs);
    let received: Buffer = Buffer.alloc(0);
    const onHello = (chunk: Buffer) => {
      received = received.length ? Buffer.concat([received, chunk]) : chunk;
      const end = helloEnd(received);
      if (end === -1) return;
      clearTimeout(timer);
      socket.off('data', onHello);
      const hello = end === 'too long' ? { error: 'hello too long' } : parseHello(received.subarray(0, end).toString('latin1'));
      if ('error' in hello) {
        socket.destroy();
        return;
      }
      const link = new AgentLink(socket, received.subarray((end as number) + 1));
      const waiter = l.waiting.get(hello.terminal);
      if (waiter) {
        l.waiting.delete(hello.terminal);
        waiter(link);
        return;
      }
      l.parked.get(hello.terminal)?.close();
      l.parked.set(hello.terminal, link);
    };
    socket.on('data', onHello);
  }
}
