/** Images: whether the engine has one, and building one from a context with its progress. */
import type Docker from 'dockerode';
import type { BuildContext, BuildProgress } from '../runtime.ts';
import { about, statusCode } from './engine-call.ts';

export async function imageExists(engine: Docker, tag: string): Promise<boolean> {
  try {
    await engine.getImage(tag).inspect();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw new Error(`docker: inspect image ${tag}: ${(err as Error).message}`, { cause: err });
  }
}

export async function buildImage(engine: Docker, context: BuildContext, tag: string, onProgress: (p: BuildProgress) => void): Promise<void> {
  const options = { t: tag, dockerfile: context.dockerfile, buildargs: context.buildArgs ?? {}, rm: true, forcerm: true };
  const stream = await about(`build ${tag}`, () => engine.buildImage({ context: context.dir, src: context.files }, options));
  const recent: string[] = [];
  let failure: string | undefined;
  await new Promise<void>((resolve, reject) => {
    engine.modem.followProgress(
      stream,
      (err) => (err ? reject(err) : resolve()),
      (event: { stream?: string; status?: string; error?: string }) => {
        if (event.error) failure = event.error;
        const text = (event.stream ?? event.status ?? '').replace(/\s+$/, '');
        if (!text) return;
        for (const line of text.split('\n')) {
          recent.push(line);
          if (recent.length > 20) recent.shift();
          onProgress({ line });
        }
      },
    );
  }).catch((err: Error) => {
    failure ??= err.message;
  });
  if (failure) {
    throw new Error(`docker: build ${tag} failed: ${failure}\nLast output:\n${recent.join('\n')}`);
  }
}
