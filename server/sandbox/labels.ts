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
  /** A lab node's network (sessions/lab.ts), so its lab's removal finds it whoever named it. */
  lab: 'boxlab.lab',
  /** A lab node's name, for a node made before its lab had an owner (a warm lab). */
  labNode: 'boxlab.lab-node',
} as const;

export interface SandboxLabels {
  instance: string;
  profile: string;
  createdAt: number;
  /** Absent on sandboxes made before fingerprints existed. */
  spec?: string | undefined;
  /** Absent on a sandbox that may run on any CPU. */
  cpus?: string | undefined;
  /** A lab node's network and name; absent on a sandbox of one lesson. */
  lab?: { network: string; node: string } | undefined;
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
    ...(l.lab ? { [LABEL.lab]: l.lab.network, [LABEL.labNode]: l.lab.node } : {}),
  };
}

/** Read labels back; undefined when they are not a complete, valid Boxlab set (an orphan to remove). */
export function fromLabels(labels: Record<string, string>): SandboxLabels | undefined {
  const createdAt = Date.parse(labels[LABEL.created] ?? '');
  const instance = labels[LABEL.instance];
  const profile = labels[LABEL.profile];
  if (labels[LABEL.managed] !== 'true' || !instance || !profile || Number.isNaN(createdAt)) return undefined;
  const network = labels[LABEL.lab];
  const node = labels[LABEL.labNode];
  const lab = network && node ? { network, node } : undefined;
  return { instance, profile, createdAt, spec: labels[LABEL.spec], cpus: labels[LABEL.cpus], ...(lab ? { lab } : {}) };
}

export const instanceFilter = (instance: string): Record<string, string> => ({
  [LABEL.managed]: 'true',
  [LABEL.instance]: instance,
});
