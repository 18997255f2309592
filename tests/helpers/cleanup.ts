import type { SandboxRuntime } from '../../server/sandbox/runtime.ts';

export const TEST_LABEL = 'boxlab.test';

/** Remove every container a test made (all carry the boxlab.test label), optionally of one instance only. */
export async function removeTestContainers(runtime: SandboxRuntime, instance?: string): Promise<number> {
  const filter: Record<string, string> = { [TEST_LABEL]: '1' };
  if (instance) filter['boxlab.instance'] = instance;
  const found = await runtime.list(filter);
  await Promise.all(found.map((c) => runtime.remove(c.id)));
  return found.length;
}
