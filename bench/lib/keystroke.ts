/** Keystroke echo latency: type one character, time until the shell's echo arrives; then erase it. */
import type { TestTerminal } from '../../tests/helpers/terminal-client.ts';

export async function echoLatencies(t: TestTerminal, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    for (const key of ['x', '\x7f']) {
      const before = t.bytes;
      const started = performance.now();
      t.type(key);
      await t.waitFor(() => t.bytes > before, 'echo', 10_000);
      if (key === 'x') out.push(performance.now() - started);
    }
  }
  return out;
}
