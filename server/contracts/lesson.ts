/**
 * Lesson frontmatter, validated by the site's content collection and read by the server. Pure.
 * Descriptions double as documentation for authors (see docs/authoring.md).
 */
import * as z from 'zod/mini';

export const profileNames = ['shell', 'docker', 'vm'] as const;
export const profileNameSchema = z.enum(profileNames);
export type ProfileName = z.infer<typeof profileNameSchema>;

export const networkModeSchema = z.enum(['none', 'isolated']);
export type NetworkMode = z.infer<typeof networkModeSchema>;

/** A script beside the lesson: a relative path that stays inside the lesson folder. */
export const scriptPathSchema = z.string().check(z.minLength(1), z.regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]+$/, 'script path: relative to the lesson folder, without ".." (e.g. checks/make-file.sh)'));

/** A machine of a lab: its name is its hostname on the lab's network (`ping worker1`) and the `node` of a terminal. */
export const nodeNameSchema = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,23}$/, 'node name: a lowercase letter, then up to 23 lowercase letters, digits or dashes (e.g. worker1)'));
export type NodeName = z.infer<typeof nodeNameSchema>;

/** How many machines a lab may have: each is a whole sandbox, counted against every limit. */
export const MAX_NODES = 5;

/** A lab's machines: distinct names, at least two (one machine is the default, without `nodes`). */
export const nodesSchema = z.array(nodeNameSchema).check(z.minLength(2, 'nodes: a lab has at least two machines; leave `nodes` out for one'), z.maxLength(MAX_NODES, `nodes: at most ${MAX_NODES} machines`), z.superRefine((nodes, ctx) => {
    nodes.forEach((n, i) => {
      if (nodes.indexOf(n) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate node "${n}": node names must be unique in a lesson` });
    });
  }));

export const exerciseSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'exercise id: lowercase letters, digits and dashes'), z.describe('Stable id, unique in the lesson')),
  title: z.string().check(z.minLength(1), z.describe('What the learner must achieve, in a few words')),
  check: scriptPathSchema.check(z.describe('Script file (relative to the lesson folder) run in the sandbox; exit 0 = passed, output = message')),
  solve: scriptPathSchema.check(z.describe('Script file that solves the exercise; lesson CI runs it to prove the check can pass')),
  hints: z._default(z.array(z.string()), []).check(z.describe('Revealed one at a time')),
  node: z.optional(nodeNameSchema).check(z.describe("In a lab (`nodes`): the machine the check and solve scripts run on; default: the first node")),
});

export const lessonFrontmatterSchema = z.object({
  title: z.string().check(z.minLength(1), z.describe('Lesson title')),
  summary: z.string().check(z.minLength(1), z.describe('One sentence shown in the course outline')),
  minutes: z.int().check(z.positive(), z.maximum(240), z.describe('Estimated minutes to complete')),
  profile: z._default(profileNameSchema, 'shell').check(z.describe('Sandbox profile the lesson needs')),
  setup: z.optional(scriptPathSchema).check(z.describe('Script file run in the sandbox when it is created')),
  setupNode: z.optional(nodeNameSchema).check(z.describe('In a lab (`nodes`): the machine the setup script runs on; default: the first node')),
  nodes: z.optional(nodesSchema).check(z.describe('A lab of several machines, e.g. [manager, worker1, worker2]: one sandbox each (all of `profile`), on a private network of their own where each reaches the others by name')),
  network: z._default(networkModeSchema, 'none').check(z.describe('none: no network at all; isolated: a private network of its own, with no route to the host, other learners or the internet')),
  runtimes: z.optional(z.array(z.string().check(z.regex(/^[a-zA-Z0-9_.-]+$/, 'runtime: an OCI runtime name such as runc or runsc'))).check(z.minLength(1))).check(z.describe('OCI runtimes the lesson works under (runc, runsc…); default: any. Elsewhere the server refuses it and lesson CI skips it')),
  exercises: z._default(z.array(exerciseSchema), []).check(z.superRefine((exercises, ctx) => {
      const seen = new Set<string>();
      exercises.forEach((e, i) => {
        if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate exercise id "${e.id}": ids must be unique in a lesson` });
        seen.add(e.id);
      });
    })).check(z.describe('Exercises the learner does in the sandbox, each verified by a check script')),
  }).check(z.superRefine((lesson, ctx) => nodeReferences(lesson, ctx)));
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/**
 * A node named by an exercise or the setup must be one of the lesson's `nodes` (and a lesson without nodes names
 * none). Shared by the frontmatter and the manifest, so the build and the server refuse the same lessons.
 */
export function nodeReferences(
  lesson: { nodes?: readonly string[] | undefined; setupNode?: string | undefined; exercises: readonly { id: string; node?: string | undefined }[] },
  ctx: z.core.$RefinementCtx,
): void {
  const known = lesson.nodes ?? [];
  const refer = (node: string | undefined, path: (string | number)[]) => {
    if (node === undefined || known.includes(node)) return;
    const fix = known.length ? `one of ${known.join(', ')}` : 'declare the lab\'s machines in `nodes` first';
    ctx.addIssue({ code: 'custom', path, message: `node "${node}" is not a machine of this lesson: use ${fix}` });
  };
  refer(lesson.setupNode, ['setupNode']);
  lesson.exercises.forEach((e, i) => refer(e.node, ['exercises', i, 'node']));
}
