/**
 * The Boxlab server: the only module that reads the environment and listens. Builds any learner image
 * that is missing (with progress), adopts running sandboxes, serves, and closes gracefully. It makes the one
 * logger (log.ts) and passes it down: to the host set-up, the image build and the app (Fastify's own).
 */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { systemClock } from './domain/clock.ts';
import { basePathMismatch, readManifest } from './manifest-file.ts';
import { DockerRuntime } from './sandbox/docker/docker-runtime.ts';
import { prepareHost } from './host-setup.ts';
import { firstInstructorToken } from './http/instructor-auth.ts';
import { createLogger, logFormatFor, progressTo, type LogFormat } from './log.ts';
import { loadOrCreateSecret } from './secret.ts';
import { missingServerFlags } from './node-flags.ts';

/** Until the configuration is read: its format from the environment when it is a valid one, else by the terminal. */
function startFormat(): LogFormat {
  const setting = process.env['BOXLAB_LOG_FORMAT'];
  return logFormatFor(setting === 'json' || setting === 'lines' ? setting : 'auto', process.stdout.isTTY);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The message lists them for a person; a collector gets them as a field too.
    const format = startFormat();
    createLogger({ level: 'info', format }).fatal(format === 'json' ? { problems: err.problems.map((p) => `${p.setting} ${p.text}`) } : {}, err.message);
    process.exit(1);
  }
  const log = createLogger({ level: config.logLevel, format: logFormatFor(config.logFormat, process.stdout.isTTY) });
  const missing = missingServerFlags(process.execArgv, process.env['NODE_OPTIONS']);
  // Not fatal: the server works without them, its memory just grows more under output floods.
  if (missing.length) log.warn({ missing }, 'node runs without the flags the server wants (server/node-flags.ts): start it as npm start does');
  const runtime = new DockerRuntime();
  const manifest = readManifest(config.siteDir);
  const mismatch = basePathMismatch(manifest, config.basePath);
  if (mismatch) {
    log.fatal(mismatch);
    process.exit(1);
  }
  const host = await prepareHost(runtime, config, progressTo(log));
  const token = firstInstructorToken(host.store, config.instructorTokens, Date.now());
  // Shown once, on purpose (only its hash is kept); BOXLAB_INSTRUCTOR_TOKENS avoids it (docs/operators.md).
  if (token) log.info(`instructor token (shown once; keep it to run workshops at /instructor/): ${token}`);
  const secret = loadOrCreateSecret(config.dataDir, config.secret);
  const boxlab = await buildApp({ ...host, config, runtime, clock: systemClock, secret, manifest, log });
  await boxlab.start();
  await boxlab.app.listen({ port: config.port, host: config.host });
  const address = boxlab.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}${config.basePath}/`;
  log.info({ url }, `Boxlab is running: ${url}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down; sandboxes keep running and are adopted at next start');
    await boxlab.app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  createLogger({ level: 'info', format: startFormat() }).fatal({ err }, `Boxlab could not start: ${err.message}`);
  process.exit(1);
});
