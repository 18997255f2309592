/**
 * The terminal wire protocol, shared by the browser client and the server. Pure: no I/O.
 *
 * Binary frames carry terminal bytes both ways (client → server: keystrokes; server → client: output).
 * Text frames carry small JSON control messages, validated here on both ends.
 *
 * Output is numbered by byte position: the server tells the client at which absolute position the bytes
 * that follow start, the client counts what it receives, and on reconnect asks to resume from its
 * position so that only what it missed is replayed.
 */
import * as z from 'zod/mini';
import { nodeNameSchema } from './lesson.ts';
import { startStepSchema } from './start-steps.ts';

export const PROTOCOL_VERSION = 1;
/** Largest text (control) frame either side accepts. */
export const MAX_CONTROL_BYTES = 4 * 1024;
/** Largest binary input frame the server accepts (a big paste is split by the client). */
export const MAX_INPUT_FRAME_BYTES = 64 * 1024;
/**
 * How often a client acknowledges what it rendered: at once when this many bytes are unacknowledged, else
 * ACK_DELAY_MS after output; a trickle under ACK_TRICKLE_BYTES (echoes of typing) only after ACK_TRICKLE_MS.
 * Acks must come well before the server's high watermark (128 KiB) is reached; a trickle never nears it, and
 * acknowledging each keystroke's echo cost a message each way on the path a learner feels most.
 */
export const ACK_EVERY_BYTES = 16 * 1024;
export const ACK_DELAY_MS = 20;
export const ACK_TRICKLE_BYTES = 1024;
export const ACK_TRICKLE_MS = 250;

/** How long a client may wait before acknowledging `unacked` rendered bytes: 0 means now. */
export function ackDelay(unacked: number): number {
  if (unacked >= ACK_EVERY_BYTES) return 0;
  return unacked >= ACK_TRICKLE_BYTES ? ACK_DELAY_MS : ACK_TRICKLE_MS;
}
/** What the server's WebSocket accepts at all: the larger of the two, so ws rejects the rest itself. */
export const MAX_FRAME_BYTES = MAX_INPUT_FRAME_BYTES;

export const terminalIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'terminal id: 1-32 lowercase letters, digits or dashes'));

const cols = z.int().check(z.minimum(2), z.maximum(1000));
const rows = z.int().check(z.minimum(1), z.maximum(500));

export const clientControlSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    v: z.literal(PROTOCOL_VERSION),
    /** Which lesson the page belongs to; decides the sandbox profile and setup. */
    lesson: z.optional(z.string().check(z.maxLength(200))),
    terminal: terminalIdSchema,
    /** In a lab of several machines (the lesson's `nodes`): which machine's shell; absent: the lab's first node. */
    node: z.optional(nodeNameSchema),
    cols,
    rows,
    /** Absolute output position the client has already rendered, to resume without duplicates. */
    since: z.optional(z.int().check(z.minimum(0))),
    /** Watch without typing (a read-only viewer). */
    readOnly: z.optional(z.boolean()),
    /**
     * An instructor watching a learner of their workshop (always read-only; never starts a sandbox or a shell):
     * the terminal `terminal` of that learner's current lesson.
     */
    watch: z.optional(z.object({ workshop: z.string().check(z.minLength(1), z.maxLength(64)), member: z.string().check(z.minLength(1), z.maxLength(64)) })),
  }),
  z.object({ type: z.literal('resize'), cols, rows }),
  /** Total bytes of output the client has rendered so far (absolute position). Drives flow control. */
  z.object({ type: z.literal('ack'), position: z.int().check(z.minimum(0)) }),
  z.object({ type: z.literal('ping'), t: z.number() }),
  /** Keep the sandbox longer than its time-to-live (answered after an `expiring` status). */
  z.object({ type: z.literal('extend') }),
  /**
   * Start (`on: true`) or stop the `kernel` frames: the learner's own sandbox's cgroup and namespaces, about once a
   * second, while their panel is open. Strict: it names no sandbox, and one that tries is refused.
   */
  z.strictObject({ type: z.literal('kernel'), on: z.boolean() }),
]);
export type ClientControl = z.infer<typeof clientControlSchema>;

export const terminalStates = ['starting', 'ready', 'expiring', 'expired', 'error'] as const;
export type TerminalState = (typeof terminalStates)[number];

export const serverControlSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    state: z.enum(terminalStates),
    /** A sentence a person can read. */
    message: z.optional(z.string()),
  }),
  z.object({
    type: z.literal('attached'),
    v: z.literal(PROTOCOL_VERSION),
    terminal: terminalIdSchema,
    sandbox: z.string(),
    /** Absolute position of the first output byte that follows this message. */
    position: z.int().check(z.minimum(0)),
    /** False when output between the client's `since` and `position` was lost: clear the screen. */
    continuous: z.boolean(),
    /**
     * Bytes of a serialized screen (screen, scrollback, modes, cursor) that follow in binary frames before
     * any output, when the replay could not cover the gap. They stand for everything before `position`
     * and are not counted as output positions. 0: none, output follows directly.
     */
    screen: z._default(z.int().check(z.minimum(0)), 0),
    readOnly: z.boolean(),
  }),
  z.object({ type: z.literal('exit'), code: z.nullable(z.int()) }),
  /**
   * A refusal or failure, as a sentence. `retryAfterMs`: trying again then can help (a rate limit, a busy host), and
   * the client does so by itself; absent on a refusal that only the operator can change (a profile this server does
   * not offer, a missing image): the client shows the sentence and does not retry.
   */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), retryAfterMs: z.optional(z.int().check(z.minimum(0), z.maximum(3_600_000))) }),
  z.object({ type: z.literal('pong'), t: z.number() }),
  /**
   * Something to show beside the terminal, not in it: an instructor's broadcast, or that someone is watching
   * (`watched` with the number of watchers; 0 when nobody is any more).
   */
  z.object({ type: z.literal('notice'), kind: z.enum(['broadcast', 'watched']), text: z.string().check(z.maxLength(600)), watchers: z.optional(z.int().check(z.minimum(0))) }),
  /**
   * Where the start of this terminal is, before it is attached (start-steps.ts): queued (`place` in line), creating
   * the sandbox, its engine starting (docker profile), the lesson's setup, opening the shell. `message` is the step's
   * sentence; the client shows it with the time since the frame came. Added in protocol 1 without a version change:
   * a client that does not know it drops it (`status: starting` still comes as before).
   */
  z.object({ type: z.literal('step'), step: startStepSchema, message: z.string().check(z.maxLength(300)), place: z.optional(z.int().check(z.minimum(1))) }),
  /**
   * What the kernel sees of this sandbox (after a client's `kernel` `on: true`, about once a second), read by the
   * server from the engine and the host, never from inside the sandbox. Bytes, CPUs (1 = one CPU's time), counts;
   * a `max` left out: no limit. `cpu.used` is absent in the first frame (it is measured between two).
   * `namespaces` comes in the first frame only (they do not change): each type's inode and whether it is the
   * sandbox's own (not the host's); `unavailable`, a sentence, when they cannot be read on this server.
   */
  z.object({
    type: z.literal('kernel'),
    memory: z.object({ current: z.number().check(z.minimum(0)), max: z.optional(z.number().check(z.minimum(0))) }),
    cpu: z.object({ used: z.optional(z.number().check(z.minimum(0))), quota: z.number().check(z.minimum(0)), throttled: z.int().check(z.minimum(0)) }),
    pids: z.object({ current: z.int().check(z.minimum(0)), max: z.optional(z.int().check(z.minimum(0))) }),
    namespaces: z.optional(z.array(z.object({ type: z.string().check(z.maxLength(16)), inode: z.int().check(z.minimum(0)), private: z.boolean() })).check(z.maxLength(16))),
    /** Whose namespaces `private` compares with: the host's PID 1, or the server's own process where PID 1 is hidden from it. */
    namespacesComparedWith: z.optional(z.enum(['pid1', 'server'])),
    unavailable: z.optional(z.string().check(z.maxLength(300))),
  }),
]);
export type ServerControl = z.infer<typeof serverControlSchema>;

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; code: 'oversized' | 'malformed' | 'invalid'; message: string };

function decode<T>(schema: z.ZodMiniType<T>, text: string): DecodeResult<T> {
  if (text.length > MAX_CONTROL_BYTES) {
    return { ok: false, code: 'oversized', message: `control message larger than ${MAX_CONTROL_BYTES} bytes` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed', message: 'control message is not JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, code: 'invalid', message: `invalid control message${where}: ${issue?.message ?? 'unknown'}` };
  }
  return { ok: true, value: parsed.data };
}

/**
 * Acks are most of what a client sends during a flood (one per 16 KiB rendered): they are checked by
 * hand, without the garbage a schema validation makes, and anything unusual goes through the schema.
 */
const ACK = /^\{"type":"ack","position":(\d{1,16})\}$/;

export function decodeClientControl(text: string): DecodeResult<ClientControl> {
  const ack = ACK.exec(text);
  if (ack) {
    const position = Number(ack[1]);
    if (Number.isSafeInteger(position)) return { ok: true, value: { type: 'ack', position } };
  }
  return decode(clientControlSchema, text);
}
export const decodeServerControl = (text: string): DecodeResult<ServerControl> => decode(serverControlSchema, text);
export const encodeControl = (msg: ClientControl | ServerControl): string => JSON.stringify(msg);
