/**
 * BOXLAB_POOL_LABS (`lesson=count`) → the warm-lab targets it asks for, each lesson's lab shape (lab.ts) from the
 * manifest. Refuses a lesson the site lacks, or one that is not a lab, naming it. Pure.
 */
import type { LabShape } from './lab.ts';

export interface LabTarget {
  lesson: string;
  shape: LabShape;
  count: number;
}

export function labPoolTargets(asked: Record<string, number>, lessons: readonly { id: string; profile: string; nodes?: readonly string[] | undefined }[]): LabTarget[] {
  return Object.entries(asked).map(([lesson, count]) => {
    const found = lessons.find((l) => l.id === lesson);
    if (!found) throw new Error(`BOXLAB_POOL_LABS names "${lesson}", which is no lesson of this site: use a lesson id such as orchestration/swarm.`);
    if (!found.nodes) throw new Error(`BOXLAB_POOL_LABS names "${lesson}", which has one machine, not a lab: its sandboxes are pooled by BOXLAB_POOL_${found.profile.toUpperCase()}.`);
    return { lesson, shape: { profile: found.profile, nodes: found.nodes }, count };
  });
}
