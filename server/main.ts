/**
 * The Boxlab server: the only module that reads the environment and listens. Builds any learner image
 * that is missing (with progress), adopts running sandboxes, serves, and closes gracefully.
 */
import { buildApp } from './app.ts';
import { loadConfig } from './config/load.ts';
import { systemClock } from './domain/clock.ts';
import { readManifest } from './manifest-file.ts';
import { DockerRuntime } from './sandbox/docker/docker-runtime.ts';
import { prepareHost } from './host-setup.ts';
import { firstInstructorToken } from './http/instructor-auth.ts';
import { loadOrCreateSecret } from './secret.ts';
import { missingServerFlags } from './node-flags.ts';

async function main(): Promise<void> {
  const missing = missingServerFlags(process.execArgv, process.env['NODE_OPTIONS']);
  // Not fatal: the server works without them, its memory just grows more under output floods.
  if (missing.length) console.warn(`Boxlab: start node with ${missing.join(' ')} (see server/node-flags.ts); npm start does.`);
  const config = loadConfig(process.env);
  const runtime = new DockerRuntime();
  const manifest = readManifest(config.siteDir);
  const log = (line: string) => console.log(line);
  const host = await prepareHost(runtime, config, log);
  const token = firstInstructorToken(host.store, config.instructorTokens, Date.now());
  // Shown once: only its hash is kept (docs/instructors.md).
  if (token) console.log(`\nInstructor token (shown once; keep it to run workshops at /instructor/):\n  ${token}\n`);
  const boxlab = await buildApp({ ...host, config, runtime, clock: systemClock, secret: loadOrCreateSecret(config.dataDir, config.secret), manifest });
  await boxlab.start();
  await boxlab.app.listen({ port: config.port, host: config.host });
  const address = boxlab.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`\nBoxlab is running: http://${shownHost}:${port}/\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    boxlab.app.log.info({ signal }, 'shutting down; sandboxes keep running and are adopted at next start');
    await boxlab.app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`Boxlab could not start: ${err.message}`);
  process.exit(1);
});
