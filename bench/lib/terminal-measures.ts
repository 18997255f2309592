/** One measurement each, over lean clients; shared by Boxlab's terminal and the baseline bridge. */
import type { LeanClient } from './lean-client.ts';

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until output stops arriving for a moment (a prompt redrawn in several chunks, say). */
async function settle(c: LeanClient): Promise<void> {
  for (;;) {
    const before = c.bytes;
    await sleep(30);
    if (c.bytes === before) return;
  }
}

/**
 * Keystroke → echo, `n` times: the time from sending one key until the first output byte comes back.
 * The line is cleared with Ctrl-U every 60 keys, so it never wraps (readline redraws wrapped lines).
 * `gapMs` spaces keys like a person typing (0: as fast as echoes come back).
 */
export async function echoLatencies(c: LeanClient, n: number, gapMs = 0): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 60 === 0) await clearLine(c);
    const before = c.bytes;
    const t0 = now();
    c.type(String.fromCharCode(97 + (i % 26)));
    await c.until(() => c.bytes > before);
    out.push(now() - t0);
    if (gapMs) await sleep(gapMs);
  }
  await clearLine(c);
  return out;
}

async function clearLine(c: LeanClient): Promise<void> {
  const before = c.bytes;
  c.type('\x15');
  await c.until(() => c.bytes > before);
  await settle(c);
}

/** MB/s of a command's output to a reader that keeps up, until `marker` ends it. */
export async function throughput(c: LeanClient, megabytes: number): Promise<number> {
  const start = c.bytes;
  const t0 = now();
  c.type(`yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c ${megabytes * 1_000_000}; echo; echo TPUT-$((40+2))\r`);
  await c.until(() => /TPUT-42\r\n/.test(c.tail), 300_000);
  return (c.bytes - start) / 1e6 / ((now() - t0) / 1000);
}

/** Ctrl-C during a flood: ms until the prompt is back. */
export async function ctrlC(c: LeanClient): Promise<number> {
  const t0 = now();
  c.type('\x03');
  await c.until(() => c.atPrompt(), 30_000);
  return now() - t0;
}
