/** `npm run images`: build every learner image, showing the build's progress (as readable lines, log.ts). */
import { createLogger, progressTo } from '../log.ts';
import { DockerRuntime } from './docker/docker-runtime.ts';
import { ensureImage } from './images.ts';

const log = createLogger({ level: 'info', format: process.env['BOXLAB_LOG_FORMAT'] === 'json' ? 'json' : 'lines' });
const runtime = new DockerRuntime();
for (const image of ['shell', 'vm', 'docker']) {
  try {
    const tag = await ensureImage(runtime, image, progressTo(log));
    log.info({ image, tag }, `${image}: ${tag} ready`);
  } catch (err) {
    log.error({ image, err }, `${image}: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
