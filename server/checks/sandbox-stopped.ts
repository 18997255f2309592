/**
 * Say why a sandbox stopped under a lesson script. A sandbox lives as long as its first process (docker-init and
 * the keep-alive `sleep infinity` it starts); a script that ends it — `pkill -x sleep` to clear old sleepers —
 * takes every process with it, and the script's own exec only reports `exited 137`. Pure.
 */

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 15: 'SIGTERM' };

/** "exit 143 (SIGTERM)" for the exit status of a process a signal ended. */
export function describeExit(exitCode: number): string {
  const signal = exitCode > 128 ? SIGNALS[exitCode - 128] : undefined;
  return `exit ${exitCode}${signal ? ` (${signal})` : ''}`;
}

export const MUST_NOT_TOUCH =
  'Lesson scripts must leave the keep-alive alone: no `pkill sleep`, `pkill -x sleep` or `killall sleep` (it is a sleep), ' +
  'no `kill -1`, `pkill -u learner` or `kill 1`; end only what the lesson started (`pkill -f "sleep 60"`), ' +
  'and stay within the memory limit. See docs/authoring.md, "What scripts must not touch".';

export function sandboxStoppedMessage(step: string, ended: { exitCode: number; oomKilled: boolean } | undefined): string {
  const why = !ended
    ? 'the engine no longer has it'
    : ended.oomKilled
      ? `it ran out of memory (${describeExit(ended.exitCode)}): the memory limit counts files in ~ and /tmp too`
      : `its first process, the keep-alive that holds it open, ended (${describeExit(ended.exitCode)})`;
  return `the sandbox stopped while ${step} ran: ${why}. ${MUST_NOT_TOUCH}`;
}
