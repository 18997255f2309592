/**
 * One WebSocket ↔ one terminal. Waits for the client's hello, finds or creates the learner's sandbox and
 * shell, then bridges bytes both ways. Bad messages get an error frame, never a crash.
 */
import type { WebSocket } from 'ws';
import {
  decodeClientControl,
  encodeControl,
  MAX_INPUT_FRAME_BYTES,
  type ClientControl,
  type ServerControl,
} from '../contracts/terminal-protocol.ts';
import { BoxlabError, errorCodes } from '../domain/errors.ts';
import type { NetworkMode } from '../contracts/lesson.ts';
import type { Sandbox, SandboxManager } from '../sessions/sandbox-manager.ts';
import type { TerminalRegistry } from './terminal-registry.ts';
import type { TerminalClient, TerminalSession } from './terminal-session.ts';

export interface SocketDeps {
  manager: SandboxManager;
  registry: TerminalRegistry;
  /** What sandbox a lesson needs; undefined = no such lesson. `refusal`: why this server cannot offer it. */
  lessonNeeds: (lesson: string) => { profile: string; network: NetworkMode; refusal?: string | undefined } | undefined;
  helloTimeoutMs: number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** WebSocket close codes in the application range (4000-4999). */
export const CLOSE = { protocol: 4400, unavailable: 4503, ended: 4410 } as const;

const LESSON_ID = /^[a-z0-9][a-z0-9/_-]{0,199}$/;

export function handleTerminalSocket(ws: WebSocket, who: { learner: string; ip: string }, deps: SocketDeps): void {
  const { learner } = who;
  const left = new AbortController();
  let session: TerminalSession | undefined;
  let release: (() => void) | undefined;
  let sandbox: Sandbox | undefined;
  let helloSeen = false;
  let readOnly = false;

  const send = (msg: ServerControl) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeControl(msg));
  };
  const fail = (code: string, message: string, closeCode: number = CLOSE.protocol) => {
    send({ type: 'error', code, message });
    ws.close(closeCode, code);
  };

  const client: TerminalClient = {
    get readOnly() {
      return readOnly;
    },
    get queued() {
      return ws.bufferedAmount;
    },
    sendControl: send,
    sendOutput: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    },
    close: (reason) => {
      send({ type: 'status', state: 'expired', message: reason });
      ws.close(CLOSE.ended, 'ended');
    },
  };

  // A viewer is told once that it cannot type; what it sends is dropped.
  let toldReadOnly = false;
  let toldInputFull = false;
  const refuseReadOnly = () => {
    if (toldReadOnly) return;
    toldReadOnly = true;
    send({ type: 'error', code: errorCodes.READ_ONLY, message: 'This terminal is read-only here: you are watching, not typing.' });
  };

  const helloTimer = setTimeout(() => fail(errorCodes.BAD_MESSAGE, 'No hello received; the client must introduce itself first.'), deps.helloTimeoutMs);

  const onHello = async (hello: Extract<ClientControl, { type: 'hello' }>) => {
    const lesson = hello.lesson;
    // A <Terminal> placed outside a lesson's page sends none: there is no profile or setup to start it with.
    if (lesson === undefined) return fail(errorCodes.UNKNOWN_LESSON, 'This terminal is not inside a lesson, so there is no sandbox to open for it.');
    const needs = LESSON_ID.test(lesson) ? deps.lessonNeeds(lesson) : undefined;
    if (!needs) return fail(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lesson}" on this server.`);
    if (needs.refusal) return fail(errorCodes.PROFILE_UNAVAILABLE, needs.refusal, CLOSE.unavailable);
    readOnly = hello.readOnly ?? false;
    send({ type: 'status', state: 'starting', message: 'Starting your sandbox…' });
    try {
      sandbox = await deps.manager.acquire(learner, lesson, needs.profile, {
        network: needs.network,
        ip: who.ip,
        signal: left.signal,
        onQueued: (position) =>
          send({ type: 'status', state: 'starting', message: `All sandboxes are busy. You are number ${position} in the queue; your terminal starts by itself.` }),
      });
      session = await deps.registry.open(sandbox, hello.terminal, { cols: hello.cols, rows: hello.rows });
    } catch (err) {
      const known = err instanceof BoxlabError;
      if (!known || err.code === errorCodes.SANDBOX_FAILED) deps.log.error({ err, learner, lesson }, 'could not open terminal');
      const message = known ? err.message : 'Your terminal could not be opened. Please reload the page to try again.';
      return fail(known ? err.code : errorCodes.TERMINAL_FAILED, message, CLOSE.unavailable);
    }
    if (ws.readyState !== ws.OPEN) return;
    release = deps.manager.attach(sandbox);
    // Not attached (the shell ended as it was joined, and the client was told): nothing is ready.
    if (!(await session.attach(client, hello.since))) return;
    if (ws.readyState !== ws.OPEN) return;
    if (!client.readOnly) await session.resize(client, hello.cols, hello.rows).catch(() => undefined);
    send({ type: 'status', state: 'ready' });
    // A warning given before this client attached (or while it was away) is repeated, not lost.
    const notice = deps.manager.expiryNotice(sandbox);
    if (notice) send({ type: 'status', state: 'expiring', message: notice });
  };

  const onControl = (msg: ClientControl) => {
    switch (msg.type) {
      case 'hello':
        if (helloSeen) return send({ type: 'error', code: errorCodes.BAD_MESSAGE, message: 'hello was already received' });
        helloSeen = true;
        clearTimeout(helloTimer);
        void onHello(msg);
        return;
      case 'resize':
        if (readOnly) return refuseReadOnly();
        if (session) void session.resize(client, msg.cols, msg.rows).catch(() => undefined);
        return;
      case 'ack':
        session?.ack(client, msg.position);
        return;
      case 'ping':
        send({ type: 'pong', t: msg.t });
        return;
      case 'extend':
        if (sandbox && !readOnly) {
          const target = sandbox;
          void deps.manager.extend(target).then(
            (until) => send({ type: 'status', state: 'ready', message: `Extended: your sandbox now lasts until ${new Date(until).toISOString().slice(11, 16)} UTC.` }),
            (err: unknown) => deps.log.warn({ err, sandbox: target.id }, 'could not extend sandbox'),
          );
        }
        return;
    }
  };

  ws.on('message', (data, isBinary) => {
    // ws hands over Buffers (binaryType nodebuffer); no copy on the keystroke path.
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      if (bytes.length > MAX_INPUT_FRAME_BYTES) {
        return send({ type: 'error', code: errorCodes.BAD_MESSAGE, message: 'input frame too large' });
      }
      if (readOnly) return refuseReadOnly();
      if (session) {
        const delivered = session.input(client, bytes);
        // Said once per stall, not once per refused keystroke.
        if (!delivered && !toldInputFull) {
          send({ type: 'error', code: errorCodes.INPUT_FULL, message: 'The program in this terminal has not read the last megabytes you sent; what you type now is dropped until it reads again.' });
        }
        toldInputFull = !delivered;
        if (sandbox) deps.manager.touch(sandbox);
      }
      return;
    }
    const decoded = decodeClientControl(bytes.toString('utf8'));
    if (!decoded.ok) return send({ type: 'error', code: errorCodes.BAD_MESSAGE, message: decoded.message });
    onControl(decoded.value);
  });

  // A vanished client (no close frame) is found by the heartbeat and released like any other.
  let alive = true;
  ws.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, 30_000);

  ws.on('close', () => {
    left.abort();
    clearTimeout(helloTimer);
    clearInterval(heartbeat);
    session?.detach(client);
    release?.();
  });
  ws.on('error', (err) => deps.log.warn({ err, learner }, 'terminal socket error'));
}
