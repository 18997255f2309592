/**
 * What tests look at in the engine itself, for assertions about what the server made: a container's settings, a
 * network's existence, the engine's id. A dockerode client of the tests' own: `DockerRuntime` keeps its client
 * private, and `SandboxRuntime` offers only what the server needs.
 */
import Docker from 'dockerode';

const engine = new Docker();

/** What the engine says about a container (`docker inspect`). */
export function inspectContainer(id: string): Promise<Docker.ContainerInspectInfo> {
  return engine.getContainer(id).inspect();
}

/** Whether the engine has a network of this name or id. */
export async function networkExists(name: string): Promise<boolean> {
  try {
    await engine.getNetwork(name).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** Names of the networks that carry a label (`key=value`). */
export async function networksLabelled(label: string): Promise<string[]> {
  const found = await engine.listNetworks({ filters: { label: [label] } });
  return found.map((n) => n.Name);
}

/** The engine's own id (`docker info`), to tell it from an engine nested in a sandbox. */
export async function engineId(): Promise<string> {
  return ((await engine.info()) as { ID: string }).ID;
}
