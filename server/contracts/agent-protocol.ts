/**
 * The link between the server and a terminal agent in a sandbox (images/terminal-agent/boxlab-terminal-agent.c, the other
 * end). Pure: no I/O.
 *
 * The agent connects to its sandbox's own socket on the server (a directory of the host, mounted read-only at
 * AGENT_DIR) and says which terminal it holds in one hello line; after it, the agent sends the terminal's raw
 * output. The server sends frames: [type u8][length u16 big-endian][payload].
 *
 * Every byte from an agent is the learner's: the sandbox is theirs, so an agent may be a fake. It can only ever
 * speak for its own sandbox (the socket it reached is that sandbox's alone), so all the server checks is that it
 * keeps to the format.
 */
import { terminalIdSchema } from './terminal-protocol.ts';

/** Where the server's socket directory is mounted in every sandbox. */
export const AGENT_DIR = '/run/boxlab/agent';
export const AGENT_SOCKET_NAME = 'agent.sock';
export const AGENT_PROTOCOL_VERSION = 1;
/** A hello longer than this is not an agent's. */
export const MAX_HELLO_BYTES = 128;

export const AgentFrame = { input: 1, resize: 2, redraw: 3 } as const;
const MAX_PAYLOAD = 0xffff;

export interface AgentHello {
  terminal: string;
  pid: number;
}

/** Parse an agent's hello line (without its newline). */
export function parseHello(line: string): AgentHello | { error: string } {
  const m = /^BOXLAB-AGENT (\d+) (\S+) (\d+)$/.exec(line);
  if (!m) return { error: 'not an agent hello' };
  if (Number(m[1]) !== AGENT_PROTOCOL_VERSION) return { error: `agent protocol ${m[1]}, server speaks ${AGENT_PROTOCOL_VERSION}` };
  const terminal = terminalIdSchema.safeParse(m[2]);
  if (!terminal.success) return { error: 'bad terminal id' };
  return { terminal: terminal.data, pid: Number(m[3]) };
}

/** Where the hello ends in what an agent sent first: the index of its newline, -1 if not yet, 'too long'. */
export function helloEnd(received: Uint8Array): number | 'too long' {
  const at = received.indexOf(0x0a);
  if (at >= 0) return at <= MAX_HELLO_BYTES ? at : 'too long';
  return received.length > MAX_HELLO_BYTES ? 'too long' : -1;
}

function frame(type: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(3 + payload.length);
  out[0] = type;
  out.writeUInt16BE(payload.length, 1);
  out.set(payload, 3);
  return out;
}

/** Keystrokes (or a paste) as input frames, in one buffer. */
export function inputFrames(data: Uint8Array): Buffer {
  if (data.length <= MAX_PAYLOAD) return frame(AgentFrame.input, data);
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += MAX_PAYLOAD) parts.push(frame(AgentFrame.input, data.subarray(at, at + MAX_PAYLOAD)));
  return Buffer.concat(parts);
}

export function resizeFrame(cols: number, rows: number): Buffer {
  const size = Buffer.allocUnsafe(4);
  size.writeUInt16BE(Math.min(cols, MAX_PAYLOAD), 0);
  size.writeUInt16BE(Math.min(rows, MAX_PAYLOAD), 2);
  return frame(AgentFrame.resize, size);
}

export function redrawFrame(): Buffer {
  return frame(AgentFrame.redraw, new Uint8Array(0));
}
