/**
 * Take it home: a learner's work as one .tar.gz, streamed (nothing held whole): a README and a Dockerfile that
 * rebuild the lesson's environment (take-home-recipe.ts, from the profile's image definition), their home folder
 * (a path of the server's, never the browser's; runtime.readArchive), and for the docker profile the images they
 * built, saved by the sandbox's own engine into its storage and read from there. Sizes are measured before anything is
 * sent, so a refusal is a clear answer, not a broken download; the stream still stops if a file grew meanwhile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { errorCodes } from '../contracts/errors.ts';
import { BoxlabError } from '../domain/errors.ts';
import { IMAGES_DIR } from './images.ts';
import { randomBytes } from 'node:crypto';
import type { SandboxRuntime } from './runtime.ts';
import { endOfArchive, fileEntry, tarEntries } from './tar-pieces.ts';
import { imageRecipe, IMAGES_FILE, learnerBuiltImages, takeHomeDockerfile, takeHomeReadme, type TakeHomeFacts } from './take-home-recipe.ts';

const HOME = '/home/learner';
/**
 * Where the sandbox's engine saves the learner's images for a moment, removed after: the engine's own storage (a
 * tmpfs as large as the images may be), not the sandbox's small /tmp.
 */
const savedImagesPath = () => `/var/lib/docker/tmp/boxlab-take-home-${randomBytes(6).toString('hex')}/${IMAGES_FILE}`;
/** Headroom for tar headers over the measured bytes, and for files that grow a little meanwhile. */
const SLACK = (bytes: number) => Math.ceil(bytes * 1.1) + 4 * 1024 * 1024;

export interface TakeHomeLimits {
  homeBytes: number;
  imagesBytes: number;
}
export const TAKE_HOME_LIMITS: TakeHomeLimits = { homeBytes: 200 * 1024 * 1024, imagesBytes: 512 * 1024 * 1024 };

export interface TakeHomeRequest {
  runtime: SandboxRuntime;
  sandboxId: string;
  profile: string;
  lessonId: string;
  lessonTitle: string;
  now: Date;
  limits?: TakeHomeLimits;
}

export interface TakeHomePlan {
  homeBytes: number;
  images: string[];
  imagesBytes: number;
  /**
   * Save the images (docker profile; a failure here is still a clear answer) and start streaming the archive
   * (gzip). What was saved is removed when the stream ends, however it ends.
   */
  open(): Promise<Readable>;
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

async function run(req: TakeHomeRequest, cmd: string, user: string, timeoutMs: number): Promise<string> {
  const done = await req.runtime.exec(req.sandboxId, { cmd: ['sh', '-c', cmd], user, timeoutMs });
  if (done.exitCode !== 0) throw new Error(`take-home: \`${cmd}\` failed (${done.exitCode}): ${done.output.slice(-500)}`);
  return done.output;
}

/** Measure what would go in, refuse what is over the limits, and say how to stream it. */
export async function planTakeHome(req: TakeHomeRequest): Promise<TakeHomePlan> {
  const limits = req.limits ?? TAKE_HOME_LIMITS;
  const recipe = imageRecipe(readFileSync(join(IMAGES_DIR, req.profile, 'Dockerfile'), 'utf8'));
  // Apparent sizes: what the tar will hold (a file the learner made unreadable is counted by its folder's size only).
  const homeBytes = Number((await run(req, `du -sb ${HOME} 2>/dev/null | cut -f1`, 'learner', 30_000)).trim());
  if (!Number.isFinite(homeBytes) || homeBytes <= 0) throw new Error('take-home: du gave no size');
  if (homeBytes > limits.homeBytes) {
    throw new BoxlabError(
      errorCodes.TAKE_HOME_TOO_LARGE,
      `Your home folder holds ${mib(homeBytes)}, more than the ${mib(limits.homeBytes)} a download may take. Delete what you do not need (\`du -sh ~/* | sort -h\` shows the biggest) and try again.`,
    );
  }
  let built = { names: [] as string[], bytes: 0 };
  if (req.profile === 'docker') {
    const listed = await run(req, `ids=$(docker image ls -q | sort -u); [ -z "$ids" ] || docker image inspect --format '{{.Size}} {{len .RepoDigests}} {{join .RepoTags ","}}' $ids`, 'learner', 30_000);
    built = learnerBuiltImages(listed);
    if (built.bytes > limits.imagesBytes) {
      throw new BoxlabError(
        errorCodes.TAKE_HOME_TOO_LARGE,
        `The images you built (${built.names.join(', ')}) hold ${mib(built.bytes)}, more than the ${mib(limits.imagesBytes)} a download may take. Remove the ones you do not need (\`docker image rm NAME\`) and try again.`,
      );
    }
  }
  const facts: TakeHomeFacts = { recipe, profile: req.profile, lessonId: req.lessonId, lessonTitle: req.lessonTitle, images: built.names, madeAt: req.now.toISOString() };
  return { homeBytes, images: built.names, imagesBytes: built.bytes, open: () => open(req, facts, homeBytes, built.bytes) };
}

async function open(req: TakeHomeRequest, facts: TakeHomeFacts, homeBytes: number, imagesBytes: number): Promise<Readable> {
  // A file of this download's own: two downloads at once never remove each other's.
  const savedPath = savedImagesPath();
  if (facts.images.length > 0) {
    const names = facts.images.map((n) => `'${n.replaceAll("'", '')}'`).join(' ');
    const saved = await req.runtime.exec(req.sandboxId, { cmd: ['sh', '-c', `mkdir -p ${dirOf(savedPath)} && docker save -o ${savedPath} ${names}`], user: 'root', timeoutMs: 10 * 60_000 });
    if (saved.exitCode !== 0) {
      await removeSaved(req, savedPath);
      throw new BoxlabError(errorCodes.SANDBOX_FAILED, `Your sandbox's Docker engine could not save your images: ${saved.output.trim().slice(-300)}`);
    }
  }
  return stream(req, facts, homeBytes, imagesBytes, savedPath);
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/'));
const removeSaved = (req: TakeHomeRequest, savedPath: string) => run(req, `rm -rf ${dirOf(savedPath)}`, 'root', 30_000).catch(() => undefined);

function stream(req: TakeHomeRequest, facts: TakeHomeFacts, homeBytes: number, imagesBytes: number, savedPath: string): Readable {
  const mtime = Math.floor(req.now.getTime() / 1000);
  // Removed once, however the download ends: at the end of the archive, or when the response closes first (a
  // client that left before the archive reached the images never runs the generator's `finally`).
  let removed: Promise<void> | undefined;
  const cleanUp = () => (removed ??= facts.images.length > 0 ? removeSaved(req, savedPath).then(() => undefined) : Promise.resolve());
  async function* tar(): AsyncGenerator<Buffer> {
    try {
      yield fileEntry('README.md', takeHomeReadme(facts), mtime);
      yield fileEntry('Dockerfile', takeHomeDockerfile(facts), mtime);
      yield* tarEntries(await req.runtime.readArchive(req.sandboxId, HOME, 'learner'), SLACK(homeBytes));
      if (facts.images.length > 0) yield* tarEntries(await req.runtime.readArchive(req.sandboxId, savedPath, 'root'), SLACK(imagesBytes));
      yield endOfArchive();
    } finally {
      await cleanUp();
    }
  }
  const out = new PassThrough();
  out.on('close', () => void cleanUp());
  // An error midway (the engine, a file that grew past the cap) ends the download broken, not silently short.
  // Level 1: a fast gzip (text still shrinks well) keeps a large download from taking a shared host's CPU.
  pipeline(Readable.from(tar()), createGzip({ level: 1 }), out, (err) => {
    if (err) out.destroy(err);
  });
  return out;
}
