/**
 * The labels every sandbox carries. Docker holds them, so after a restart the server rebuilds its state
 * from the engine alone. Pure.
 */
export const LABEL = {
  managed: 'boxlab.managed',
  instance: 'boxlab.instance',
  learner: 'boxlab.learner',
  profile: 'boxlab.profile',
  lesson: 'boxlab.lesson',
  created: 'boxlab.created',
  expires: 'boxlab.expires',
} as const;

export interface SandboxLabels {
  instance: string;
  learner: string;
  profile: string;
  lesson: string;
  createdAt: number;
  expiresAt: number;
}

export function toLabels(l: SandboxLabels, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [LABEL.managed]: 'true',
    [LABEL.instance]: l.instance,
    [LABEL.learner]: l.learner,
    [LABEL.profile]: l.profile,
    [LABEL.lesson]: l.lesson,
    [LABEL.created]: new Date(l.createdAt).toISOString(),
    [LABEL.expires]: new Date(l.expiresAt).toISOString(),
  };
}

/** Read labels back; undefined when they are not a complete, valid Boxlab set (an orphan to remove). */
export function fromLabels(labels: Record<string, string>): SandboxLabels | undefined {
  const createdAt = Date.parse(labels[LABEL.created] ?? '');
  const expiresAt = Date.parse(labels[LABEL.expires] ?? '');
  const instance = labels[LABEL.instance];
  const learner = labels[LABEL.learner];
  const profile = labels[LABEL.profile];
  if (labels[LABEL.managed] !== 'true' || !instance || !learner || !profile) return undefined;
  if (Number.isNaN(createdAt) || Number.isNaN(expiresAt)) return undefined;
  return { instance, learner, profile, lesson: labels[LABEL.lesson] ?? '', createdAt, expiresAt };
}

export const instanceFilter = (instance: string): Record<string, string> => ({
  [LABEL.managed]: 'true',
  [LABEL.instance]: instance,
});
