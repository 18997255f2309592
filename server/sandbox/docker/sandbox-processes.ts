/**
 * Processes in a sandbox through the engine's exec: a terminal (with a TTY), a command run to completion, and a
 * connection to a port inside the sandbox.
 */
import type Docker from 'dockerode';
import { Duplex, PassThrough } from 'node:stream';
import type { ExecResult, TerminalProcess } from '../runtime.ts';
import { about, statusCode } from './engine-call.ts';
import { EXEC_OUTPUT_KEEP, KeptOutput } from './kept-output.ts';

/** Marks the last line of an exec's output, which carries its exit status (see runCommand()). */
const EXIT_MARK = '__boxlab_exit_status=';

export async function openTerminal(
  engine: Docker,
  id: string,
  opts: { cmd: string[]; user: string; env: Record<string, string>; cols: number; rows: number },
): Promise<TerminalProcess> {
  return about(`open terminal in ${id}`, async () => {
    const exec = await engine.getContainer(id).exec({
      Cmd: opts.cmd,
      User: opts.user,
      Env: Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
    });
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
    const resize = async (cols: number, rows: number) => {
      try {
        await exec.resize({ w: cols, h: rows });
      } catch (err) {
        // The process may have exited between the learner's resize and ours; nothing to resize then.
        if (statusCode(err) !== 404 && statusCode(err) !== 409) throw err;
      }
    };
    await resize(opts.cols, opts.rows);
    return { stream, resize };
  });
}

export async function runCommand(engine: Docker, id: string, opts: { cmd: string[]; user: string; timeoutMs: number; stdin?: string }): Promise<ExecResult> {
  return about(`exec in ${id}`, async () => {
    const seconds = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
    const started = Date.now();
    // `timeout` inside the sandbox ends the process itself: the engine has no way to kill an exec. The exit
    // status is also printed as a last line, because some runtimes (gVisor) let the engine forget a finished
    // exec before it can be inspected.
    const exec = await engine.getContainer(id).exec({
      Cmd: ['timeout', '-k', '2', String(seconds), 'sh', '-c', `"$@"; s=$?; printf '\\n${EXIT_MARK}%d\\n' "$s"`, 'sh', ...opts.cmd],
      User: opts.user,
      AttachStdin: opts.stdin !== undefined,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = await exec.start({ hijack: true, stdin: opts.stdin !== undefined });
    const out = new PassThrough();
    const kept = new KeptOutput(EXEC_OUTPUT_KEEP);
    out.on('data', (c: Buffer) => kept.add(c));
    engine.modem.demuxStream(stream, out, out);
    if (opts.stdin !== undefined) stream.end(opts.stdin);
    await new Promise<void>((resolve, reject) => {
      const guard = setTimeout(() => {
        stream.destroy();
        resolve();
      }, opts.timeoutMs + 5000);
      stream.on('end', () => (clearTimeout(guard), resolve()));
      stream.on('close', () => (clearTimeout(guard), resolve()));
      stream.on('error', (e: Error) => (clearTimeout(guard), reject(e)));
    });
    let output = kept.text();
    const marked = new RegExp(`\\n${EXIT_MARK}(\\d+)\\n$`).exec(output);
    let exitCode: number;
    if (marked) {
      exitCode = Number(marked[1]);
      output = output.slice(0, marked.index);
    } else {
      // No status line: `timeout` ended the command (124/137), or the engine knows better.
      const info = await exec.inspect().catch(() => undefined);
      exitCode = info?.ExitCode ?? (Date.now() - started >= opts.timeoutMs ? 124 : -1);
    }
    return { exitCode, output, timedOut: exitCode === 124 || exitCode === 137 };
  });
}

export async function connectPort(engine: Docker, id: string, port: number, user: string): Promise<Duplex> {
  return about(`connect to port ${port} in ${id}`, async () => {
    // bash's /dev/tcp makes the connection inside the sandbox; two cats relay the bytes both ways. The writer
    // reads stdin through fd 4, because a background job's own stdin is /dev/null; when the port closes
    // its side, the reader ends and takes the writer with it.
    const relay = `exec 3<>/dev/tcp/127.0.0.1/${port} || exit 7; exec 4<&0; cat <&4 >&3 & w=$!; cat <&3; kill $w 2>/dev/null`;
    const exec = await engine.getContainer(id).exec({
      Cmd: ['bash', '-c', relay],
      User: user,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: false,
      Tty: false,
    });
    const raw = await exec.start({ hijack: true, stdin: true });
    const out = new PassThrough();
    // Without a TTY the engine frames stdout; unframe it so the caller sees the port's bytes only.
    engine.modem.demuxStream(raw, out, new PassThrough());
    const duplex = new Duplex({
      write(chunk, _enc, done) {
        raw.write(chunk, done);
      },
      final(done) {
        raw.end();
        done();
      },
      read() {
        out.resume();
      },
      destroy(err, done) {
        raw.destroy();
        done(err);
      },
    });
    out.on('data', (chunk: Buffer) => {
      if (!duplex.push(chunk)) out.pause();
    });
    // The end goes through `out`, after what it still holds: demuxStream does not wait for a paused reader, so
    // when the engine's stream ends, `out` may still hold much of the answer.
    const ended = () => {
      if (!out.writableEnded) out.end();
    };
    raw.on('end', ended);
    raw.on('close', ended);
    out.on('end', () => duplex.push(null));
    raw.on('error', (err: Error) => duplex.destroy(err));
    return duplex;
  });
}
