/** `npm run images`: build every learner image, showing the build's progress. */
import { DockerRuntime } from './docker/docker-runtime.ts';
import { ensureImage } from './images.ts';

const runtime = new DockerRuntime();
for (const image of ['shell', 'vm', 'docker']) {
  try {
    const tag = await ensureImage(runtime, image, (line) => console.log(line));
    console.log(`${image}: ${tag} ready`);
  } catch (err) {
    console.error(`${image}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
