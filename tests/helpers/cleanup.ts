import type { SandboxRuntime } from '../../server/sandbox/runtime.ts';

/** Every container a test makes carries this label (value 1), and TEST_RUN_LABEL naming its test run. */
export const TEST_LABEL = 'boxlab.test';
export const TEST_RUN_LABEL = 'boxlab.testrun';

/**
 * This test run's id, shared by global setup and test files through the environment, so that test runs in
 * several checkouts on one engine never remove each other's containers.
 */
export function testRunId(): string {
  process.env['BOXLAB_TEST_RUN'] ??= `run${process.pid}x${Date.now().toString(36)}`;
  return process.env['BOXLAB_TEST_RUN'];
}

/** Remove test containers: of one instance, of this run, or (stale: true) any test container older than an hour. */
export async function removeTestContainers(
  runtime: SandboxRuntime,
  scope: { instance?: string; run?: string; stale?: boolean },
): Promise<number> {
  const filter: Record<string, string> = { [TEST_LABEL]: '1' };
  if (scope.instance) filter['boxlab.instance'] = scope.instance;
  if (scope.run) filter[TEST_RUN_LABEL] = scope.run;
  let found = await runtime.list(filter);
  if (scope.stale) {
    const hourAgo = Date.now() - 60 * 60 * 1000;
    found = found.filter((c) => c.createdAt < hourAgo);
  }
  await Promise.all(found.map((c) => runtime.remove(c.id)));
  return found.length;
}
