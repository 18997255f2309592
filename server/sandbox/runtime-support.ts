/**
 * Which OCI runtime a profile's sandboxes run under, and whether a lesson that names the runtimes it works
 * under (frontmatter `runtimes`) may be offered there. Pure: the server refuses such a lesson with the sentence
 * below, and lesson CI skips it under other runtimes.
 */
import type { SandboxProfile } from './profiles.ts';

/** The runtime by name: the one configured for the profile, or runc, the engine's usual default. */
export function runtimeName(profile: SandboxProfile): string {
  return profile.limits.runtime ?? 'runc';
}

const list = (names: readonly string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`);

/** Why a lesson cannot be offered on `runtime` (a sentence for the learner), or undefined when it can. */
export function runtimeRefusal(lessonRuntimes: readonly string[] | undefined, runtime: string): string | undefined {
  if (!lessonRuntimes?.length || lessonRuntimes.includes(runtime)) return undefined;
  return `This lesson works only in sandboxes that run under ${list(lessonRuntimes)}, and this server runs them under ${runtime}, so it cannot open it. Ask the operator (see docs/operators.md).`;
}
