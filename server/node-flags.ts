/**
 * V8 flags the Boxlab server runs with. V8 sizes its heap when the process starts, so these must be on
 * node's command line (`v8.setFlagsFromString` later has no effect): package.json's `start` and `serve`
 * pass them (a unit test keeps them in step with this list), `npm run dev` and the terminal benchmark
 * start the server with them, and main.ts warns when they are missing.
 *
 * `--max-semi-space-size=1` (MB): under output floods the server allocates fast (every read from the
 * engine is a new buffer), and V8 answers a high allocation rate by growing the young generation, by
 * default up to 2 × 16 MB of semi-spaces plus what it promotes meanwhile. 20 terminals flooding for a
 * minute grew the server's RSS by ~100 MB with the default, ~30 MB with 1 MB semi-spaces
 * (docs/benchmarks.md). The cost is more, smaller scavenges, each well under a millisecond here.
 *
 * `--expose-gc`: so terminal/gc-pacer.ts can ask for a scavenge every 8 MiB of output, which frees the dead
 * output buffers a flood leaves faster than scavenges would otherwise come (the array buffers a 20-terminal
 * flood left waiting went from ~47 MB to ~19 MB).
 *
 * `--single-threaded-gc`: V8 otherwise splits each collection between the main thread and helper threads, and
 * the main thread waits for the helpers to finish. A busy host (20 floods on 2 cores) leaves those threads
 * waiting for a core, and a 1 MB scavenge that takes 0.4 ms stalled every terminal for tens of ms: scavenge
 * pauses p99 29–37 ms / max 78–82 ms under 20 floods, the event loop stuck for up to 104 ms while a Ctrl-C
 * waited. On the main thread alone: p99 1.8–11.7 ms in five probes (docs/benchmarks.md). The server's heap is
 * tens of MB, small enough that helpers have little to add.
 *
 * `--optimize-for-size`: V8 then grows the old generation in smaller steps, so it collects it sooner. Under a
 * flood a fraction of the output buffers outlive two scavenges and are promoted; their bytes wait for a full
 * collection, and when V8 got round to one decided much of the server's RSS growth (24–62 MB in 30 s probes of
 * the same code). With the flag: 16–23 MB in three probes, 24–32 MB in three full 60 s benchmark runs (was
 * 33–50), with echo latency, throughput and Ctrl-C unchanged within the runs' noise (docs/benchmarks.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--expose-gc',
  '--single-threaded-gc',
  '--optimize-for-size',
];

/** The flags of SERVER_NODE_FLAGS that `execArgv` and `NODE_OPTIONS` do not give. */
export function missingServerFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)]);
  return SERVER_NODE_FLAGS.filter((flag) => !given.has(flag));
}
