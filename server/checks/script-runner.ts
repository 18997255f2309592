/**
 * Run a lesson script (setup, check or solve) inside a sandbox as the learner, the way an author tests it
 * by hand: `bash <script>` with the home folder as working directory. The script travels on stdin into a
 * private temporary file, so it never has to exist in the image and its own stdin is empty.
 */
import type { SandboxRuntime } from '../sandbox/runtime.ts';
import type { ScriptRun } from './check-result.ts';

const RUN_FROM_STDIN = [
  'sh',
  '-c',
  'f=$(mktemp /tmp/.boxlab-script.XXXXXX) || exit 126; cat > "$f"; cd "$HOME" || cd /; bash "$f" < /dev/null 2>&1; rc=$?; rm -f "$f"; exit $rc',
];

export interface ScriptTarget {
  runtime: SandboxRuntime;
  sandboxId: string;
  user: string;
}

export interface TimedRun extends ScriptRun {
  durationMs: number;
}

export async function runScript(target: ScriptTarget, script: string, timeoutMs: number): Promise<TimedRun> {
  const started = performance.now();
  const result = await target.runtime.exec(target.sandboxId, { cmd: RUN_FROM_STDIN, user: target.user, timeoutMs, stdin: script });
  return { ...result, durationMs: Math.round(performance.now() - started) };
}
