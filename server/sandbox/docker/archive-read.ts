/**
 * A tar of a path in a sandbox, streamed. Not the engine's archive API (GET /containers/{id}/archive): that reads
 * the container's root filesystem as the engine sees it, and a sandbox's home (and the nested engine's storage) are
 * tmpfs mounts inside the container, which it does not see (it answers the image's empty home). So GNU tar, by its
 * absolute path, runs in the sandbox as the given user (it reads only what that user may), and its stdout is
 * unframed into the stream; a tar that fails ends the stream with its error.
 */
import type Docker from 'dockerode';
import { posix } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { about } from './engine-call.ts';
import { KeptOutput } from './kept-output.ts';

/**
 * The engine frames an exec's output without a TTY (8 bytes: stream, 3 zero bytes, size, big-endian; then the
 * payload). dockerode's demuxStream writes into its targets whatever their buffers hold, so a slow reader (a
 * download over a slow link) would have the whole archive buffered in the server; this pauses the engine's stream
 * while `out` is full instead.
 */
export function demuxWithBackpressure(raw: NodeJS.ReadableStream & { pause(): void; resume(): void }, out: PassThrough, stderr: (chunk: Buffer) => void): void {
  let held: Buffer = Buffer.alloc(0);
  raw.on('data', (piece: Buffer) => {
    held = held.length ? Buffer.concat([held, piece]) : piece;
    let full = false;
    while (held.length >= 8) {
      const size = held.readUInt32BE(4);
      if (held.length < 8 + size) break;
      const payload = held.subarray(8, 8 + size);
      if (held[0] === 2) stderr(Buffer.from(payload));
      else if (!out.write(payload)) full = true;
      held = held.subarray(8 + size);
    }
    if (full) {
      raw.pause();
      out.once('drain', () => raw.resume());
    }
  });
}

/** The exec's end as the engine records it, which can lag its stream's end by a moment (bounded: 2 s). */
async function exitOf(exec: Docker.Exec): Promise<{ ExitCode: number | null } | undefined> {
  for (let i = 0; i < 40; i++) {
    const info = await exec.inspect().catch(() => undefined);
    if (!info || !info.Running) return info;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

export async function readTar(engine: Docker, id: string, path: string, user: string): Promise<Readable> {
  if (!posix.isAbsolute(path) || posix.normalize(path) !== path || path === '/') throw new Error(`docker: read ${path}: not a plain absolute path`);
  return about(`read ${path} from ${id}`, async () => {
    // --ignore-failed-read: a file the user cannot read is left out with a warning, not a failed archive.
    const exec = await engine.getContainer(id).exec({
      Cmd: ['/bin/tar', '--format=posix', '--ignore-failed-read', '-C', posix.dirname(path), '-cf', '-', posix.basename(path)],
      User: user,
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const raw = await exec.start({ hijack: true, stdin: false });
    const out = new PassThrough();
    const errors = new KeptOutput(4096);
    demuxWithBackpressure(raw, out, (chunk) => errors.add(chunk));
    let ended = false;
    const end = async () => {
      if (ended) return;
      ended = true;
      const info = await exitOf(exec);
      if (info?.ExitCode === 0) out.end();
      else out.destroy(new Error(`docker: tar of ${path} in ${id} failed (${String(info?.ExitCode)}): ${errors.text().trim().slice(-300)}`));
    };
    raw.on('end', () => void end());
    raw.on('close', () => void end());
    raw.on('error', (e: Error) => out.destroy(e));
    // Whoever reads stops early (the download was cancelled): the exec's stream goes with it.
    out.on('close', () => raw.destroy());
    return out;
  });
}
