/**
 * One simulated learner at a terminal: wait for the first prompt, then type a few commands key by key at a
 * person's pace, timing each key's echo. The workshop rehearsal runs it inside the server (rehearsal.ts, over
 * terminal/local-terminal.ts); the workshop bench runs the same over the WebSocket (bench/workshop.ts, over
 * LeanClient). No I/O of its own: the terminal is given.
 */

export interface SimTerminal {
  /** Output received so far, in bytes. */
  readonly bytes: number;
  /** The last few hundred characters of output. */
  readonly tail: string;
  type(keys: string): void;
  /** Resolves once `done()` holds or the terminal closed (checked as output arrives); rejects after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number): Promise<void>;
}

/** A class "arriving at once": learner i of n starts i/n of this window after the first, as people do at 9:00. */
export const ARRIVAL_WINDOW_MS = 1000;
/** Between two keys of a quick typist. */
export const KEY_GAP_MS = 60;

/** When learner `i` of `n` arrives, in ms after the first. */
export const arrivalOffsetMs = (i: number, n: number): number => (i * ARRIVAL_WINDOW_MS) / n;

/** What a learner types in their first minute: short commands that print a little and come back at once. */
export const FIRST_COMMANDS = ['echo ready', 'ls -a ~', 'hostname'] as const;

/** The output ends in a shell prompt (a restored screen may add mode settings after it). */
export const atPrompt = (tail: string): boolean => /\$ (\x1b\[[0-9;?]*[A-Za-z])*$/.test(tail);

async function waitFor(t: SimTerminal, done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  await t.until(done, timeoutMs);
  if (!done()) throw new Error(`the terminal closed while waiting for ${what}`);
}

export function waitForPrompt(t: SimTerminal, timeoutMs: number): Promise<void> {
  return waitFor(t, () => atPrompt(t.tail), timeoutMs, 'the first prompt');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Type each command a key at a time, `keyGapMs` apart, then Enter, and wait for the next prompt. Returns each
 * key's echo time (key sent → first output back), in ms. `timeoutMs` bounds every wait.
 */
export async function typeCommands(t: SimTerminal, commands: readonly string[], opts: { keyGapMs: number; timeoutMs: number }): Promise<number[]> {
  const echoes: number[] = [];
  for (const command of commands) {
    for (const key of command) {
      const before = t.bytes;
      const started = performance.now();
      t.type(key);
      await waitFor(t, () => t.bytes > before, opts.timeoutMs, 'an echo');
      echoes.push(performance.now() - started);
      await sleep(opts.keyGapMs);
    }
    const before = t.bytes;
    t.type('\r');
    await waitFor(t, () => t.bytes > before && atPrompt(t.tail), opts.timeoutMs, `the prompt after "${command}"`);
  }
  return echoes;
}
