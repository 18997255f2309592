/** Wait until a sandbox's own services are up (the profile's `waitFor` file, e.g. the docker profile's engine). */
import type { SandboxProfile } from './profiles.ts';
import type { SandboxRuntime } from './runtime.ts';

export async function waitUntilReady(runtime: SandboxRuntime, id: string, profile: SandboxProfile, timeoutMs = 60_000): Promise<void> {
  const file = profile.waitFor;
  if (!file) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await runtime.exec(id, { cmd: ['test', '-e', file], user: profile.user, timeoutMs: 5000 });
    if (r.exitCode === 0) return;
    if (Date.now() > deadline) throw new Error(`sandbox ${id}: ${file} did not appear within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
