/** Wait until a container's own services are up: a file they create appears (the engine's marker, a socket). */
import type { SandboxProfile } from './profiles.ts';
import type { SandboxRuntime } from './runtime.ts';

/**
 * Poll until `file` exists in container `id` (as `user`). False when `timeoutMs` passes first, or as soon as
 * `givenUp` says there is no point waiting (the container stopped).
 */
export async function waitForFile(
  runtime: SandboxRuntime,
  id: string,
  opts: { file: string; user: string; timeoutMs: number; everyMs?: number; givenUp?: () => Promise<boolean> },
): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const r = await runtime.exec(id, { cmd: ['test', '-e', opts.file], user: opts.user, timeoutMs: 5000 });
    if (r.exitCode === 0) return true;
    if (Date.now() > deadline || (await opts.givenUp?.())) return false;
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}

/** Wait for the profile's `waitFor` file (e.g. the docker profile's engine), if it has one. */
export async function waitUntilReady(runtime: SandboxRuntime, id: string, profile: SandboxProfile, timeoutMs = 60_000): Promise<void> {
  const file = profile.waitFor;
  if (!file) return;
  if (!(await waitForFile(runtime, id, { file, user: profile.user, timeoutMs }))) {
    throw new Error(`sandbox ${id}: ${file} did not appear within ${timeoutMs / 1000} s`);
  }
}
