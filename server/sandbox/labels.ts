/**
 * The labels every sandbox carries from creation: whose server it belongs to, its profile, when it was made.
 * Ownership (learner, lesson, expiry) changes after creation, so it lives in the name (claims.ts). Pure.
 */
export const LABEL = {
  managed: 'boxlab.managed',
  instance: 'boxlab.instance',
  profile: 'boxlab.profile',
  created: 'boxlab.created',
  /** The profile's spec fingerprint when the sandbox was made (profiles.ts specFingerprint). */
  spec: 'boxlab.spec',
  /** The host CPUs it is pinned to (cpu-placement.ts), so a restarted server counts them again. */
  cpus: 'boxlab.cpus',
} as const;

export interface SandboxLabels {
  instance: string;
  profile: string;
  createdAt: number;
  /** Absent on sandboxes made before fingerprints existed. */
  spec?: string | undefined;
  /** Absent on a sandbox that may run on any CPU. */
  cpus?: string | undefined;
}

export function toLabels(l: SandboxLabels, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [LABEL.managed]: 'true',
    [LABEL.instance]: l.instance,
    [LABEL.profile]: l.profile,
    [LABEL.created]: new Date(l.createdAt).toISOString(),
    ...(l.spec ? { [LABEL.spec]: l.spec } : {}),
    ...(l.cpus ? { [LABEL.cpus]: l.cpus } : {}),
  };
}

/** Read labels back; undefined when they are not a complete, valid Boxlab set (an orphan to remove). */
export function fromLabels(labels: Record<string, string>): SandboxLabels | undefined {
  const createdAt = Date.parse(labels[LABEL.created] ?? '');
  const instance = labels[LABEL.instance];
  const profile = labels[LABEL.profile];
  if (labels[LABEL.managed] !== 'true' || !instance || !profile || Number.isNaN(createdAt)) return undefined;
  return { instance, profile, createdAt, spec: labels[LABEL.spec], cpus: labels[LABEL.cpus] };
}

export const instanceFilter = (instance: string): Record<string, string> => ({
  [LABEL.managed]: 'true',
  [LABEL.instance]: instance,
});
