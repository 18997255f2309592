/**
 * Ctrl-C (or SIGTERM) during a benchmark: every cleanup registered here runs (removing what the run made),
 * then the process exits with 130. `onInterrupt` returns what unregisters the cleanup.
 */
const cleanups = new Set<() => unknown>();
let listening = false;

export function onInterrupt(cleanup: () => unknown): () => void {
  cleanups.add(cleanup);
  if (!listening) {
    listening = true;
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
  }
  return () => cleanups.delete(cleanup);
}

function interrupted(): void {
  void Promise.allSettled([...cleanups].map(async (cleanup) => cleanup())).finally(() => process.exit(130));
}
