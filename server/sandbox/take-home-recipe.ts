/**
 * What a take-home archive says about rebuilding the lesson's environment: the base image and Debian packages
 * read from the profile's own image definition (images/<profile>/Dockerfile, its final stage), turned into a
 * Dockerfile and a README for the learner's machine; and which images in a docker sandbox the learner built. Pure.
 */

export interface ImageRecipe {
  /** The final stage's base, e.g. `debian:bookworm-slim`. */
  base: string;
  /** Every package the final stage installs with apt-get, in order, once each. */
  packages: string[];
}

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
function instructions(dockerfile: string): string[] {
  const lines = dockerfile.split('\n').filter((l) => !/^\s*#/.test(l));
  return lines
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function imageRecipe(dockerfile: string): ImageRecipe {
  const all = instructions(dockerfile);
  const last = all.findLastIndex((i) => /^FROM\s/i.test(i));
  if (last < 0) throw new Error('take-home: the image definition has no FROM');
  const base = all[last]!.split(/\s+/)[1]!;
  if (base.includes('$')) throw new Error(`take-home: the final stage's base is a build argument (${base})`);
  const packages: string[] = [];
  for (const run of all.slice(last + 1).filter((i) => /^RUN\s/i.test(i))) {
    for (const m of run.matchAll(/apt-get\s+install\s+([^&;|]*)/g)) {
      for (const word of m[1]!.split(/\s+/)) {
        if (word && !word.startsWith('-') && /^[a-z0-9][a-z0-9+.-]*$/.test(word) && !packages.includes(word)) packages.push(word);
      }
    }
  }
  return { base, packages };
}

export interface TakeHomeFacts {
  recipe: ImageRecipe;
  profile: string;
  lessonId: string;
  lessonTitle: string;
  /** Image names saved into images.tar (docker profile); empty: none. */
  images: string[];
  /** ISO time the archive was made. */
  madeAt: string;
}

/** The learner's home folder's name inside the archive (the engine names a folder's tar entries by its basename). */
export const HOME_IN_ARCHIVE = 'learner';
export const IMAGES_FILE = 'boxlab-images.tar';

export function takeHomeDockerfile(f: TakeHomeFacts): string {
  return `# Rebuilds the environment of the Boxlab lesson "${f.lessonTitle}" (${f.lessonId}, profile ${f.profile}) with
# your home folder in it. Made from Boxlab's own image definition (server/sandbox/images/${f.profile}/Dockerfile):
# its base and its Debian packages. The packages come from Debian's mirrors; with no network, build with
# --build-arg PACKAGES= to skip them (you get the base image, the user and your files). See README.md.
FROM ${f.recipe.base}
ARG PACKAGES="${f.recipe.packages.join(' ')}"
RUN if [ -n "$PACKAGES" ]; then apt-get update \\
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES \\
      && apt-get clean && rm -rf /var/lib/apt/lists/*; fi \\
 && useradd --uid 1000 --create-home --shell /bin/bash learner \\
 && if getent group docker > /dev/null; then usermod -aG docker learner; fi
COPY --chown=1000:1000 ${HOME_IN_ARCHIVE}/ /home/learner/
USER learner
WORKDIR /home/learner
CMD ["bash", "-l"]
`;
}

export function takeHomeReadme(f: TakeHomeFacts): string {
  const images = f.images.length
    ? `
## The images you built

\`${IMAGES_FILE}\` holds the images you built in the lesson's Docker engine (\`docker save\`), not the practice
images that came with it: ${f.images.map((i) => `\`${i}\``).join(', ')}. Load them into your own engine with

    docker load -i ${IMAGES_FILE}
`
    : '';
  const dockerNote =
    f.profile === 'docker'
      ? `
The lesson's sandbox ran a Docker engine of its own. On your machine, use your own Docker instead: load the images
below into it, and run what you built there. (The image the Dockerfile makes has the Docker tools, but running an
engine inside a container needs \`--privileged\`.)
`
      : '';
  return `# Your work from Boxlab: ${f.lessonTitle}

Made ${f.madeAt} from your sandbox for the lesson \`${f.lessonId}\` (profile \`${f.profile}\`).

- \`${HOME_IN_ARCHIVE}/\`: your home folder (\`/home/learner\`) as it was. Files elsewhere in the sandbox (what you
  changed under \`/etc\`, packages you installed) are not in it.
- \`Dockerfile\`: rebuilds the lesson's environment with your home folder in it: \`${f.recipe.base}\` with the same
  Debian packages as the lesson (${f.recipe.packages.length} of them).
${f.images.length ? `- \`${IMAGES_FILE}\`: the images you built (below).\n` : ''}
## Rebuild it

Unpack this archive into an empty folder, then, in that folder:

    docker build -t my-boxlab-lesson .
    docker run -it --rm my-boxlab-lesson

The build installs the packages from Debian's mirrors. With no network (or to try it quickly), skip them; you get
\`${f.recipe.base}\` (which your engine must have or pull), the user \`learner\` and your files:

    docker build --build-arg PACKAGES= -t my-boxlab-lesson .
${dockerNote}${images}`;
}

export interface BuiltImages {
  names: string[];
  /** Their sizes added up (each image once, whatever its tags): what saving them costs, about. */
  bytes: number;
}

/**
 * The images a learner built, from lines of `docker image inspect --format '{{.Size}} {{len .RepoDigests}}
 * {{join .RepoTags ","}}'` in the sandbox: an image that came from a registry (the practice images) has a repo
 * digest; one the learner built has none. Untagged images are skipped (nothing to name them by).
 */
export function learnerBuiltImages(inspectOutput: string): BuiltImages {
  const out: BuiltImages = { names: [], bytes: 0 };
  for (const line of inspectOutput.split('\n')) {
    const m = /^(\d+) (\d+) ?(.*)$/.exec(line.trim());
    if (!m || m[2] !== '0' || !m[3]) continue;
    const names = m[3].split(',').filter((t) => t && t !== '<none>:<none>' && !out.names.includes(t));
    if (names.length === 0) continue;
    out.names.push(...names);
    out.bytes += Number(m[1]);
  }
  return out;
}
