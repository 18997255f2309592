import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load.ts';
import { DEFAULT_MAX_PER_LEARNER, effectiveMaxPerLearner } from '../../server/config/per-learner.ts';
import { labPoolTargets } from '../../server/sessions/lab-targets.ts';

const lessons = [{ id: 'a' }, { id: 'swarm', nodes: ['manager', 'worker1', 'worker2'] }, { id: 'net', nodes: ['server', 'client'] }];

describe('the per-learner limit', () => {
  it('left unset, is the default raised to the largest lab, so a default server gives a 3-node lab', () => {
    const config = loadConfig({});
    expect(config.maxPerLearner).toBe(DEFAULT_MAX_PER_LEARNER);
    expect(config.maxPerLearnerSet).toBe(false);
    expect(effectiveMaxPerLearner(undefined, lessons)).toBe(3);
  });

  it('left unset without labs larger than the default, is the default', () => {
    const small = [{ id: 'a' }, { id: 'b', nodes: ['x', 'y'] }];
    expect(effectiveMaxPerLearner(undefined, small)).toBe(DEFAULT_MAX_PER_LEARNER);
    expect(effectiveMaxPerLearner(undefined, [])).toBe(DEFAULT_MAX_PER_LEARNER);
  });

  it('set by the operator, is kept as set, even below the largest lab', () => {
    const config = loadConfig({ BOXLAB_MAX_PER_LEARNER: '1' });
    expect(config.maxPerLearnerSet).toBe(true);
    expect(effectiveMaxPerLearner(config.maxPerLearner, lessons)).toBe(1);
    expect(effectiveMaxPerLearner(5, lessons)).toBe(5);
  });
});

describe('BOXLAB_POOL_LABS', () => {
  const site = [{ id: 'orchestration/swarm', profile: 'docker', nodes: ['manager', 'worker1', 'worker2'] }, { id: 'docker/one', profile: 'docker' }];

  it('reads lesson=count pairs into lab targets of each lesson\'s shape; none by default', () => {
    expect(loadConfig({}).poolLabs).toEqual({});
    const asked = loadConfig({ BOXLAB_POOL_LABS: 'orchestration/swarm=2' }).poolLabs!;
    expect(labPoolTargets(asked, site)).toEqual([{ lesson: 'orchestration/swarm', shape: { profile: 'docker', nodes: ['manager', 'worker1', 'worker2'] }, count: 2 }]);
  });

  it('refuses a pair that is not lesson=count, a lesson the site lacks, and one that is not a lab', () => {
    expect(() => loadConfig({ BOXLAB_POOL_LABS: 'orchestration/swarm' })).toThrow(/BOXLAB_POOL_LABS/);
    expect(() => labPoolTargets({ 'docker/nope': 1 }, site)).toThrow(/no lesson of this site/);
    expect(() => labPoolTargets({ 'docker/one': 1 }, site)).toThrow(/not a lab/);
  });
});
