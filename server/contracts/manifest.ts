/**
 * The lesson manifest the site's build writes (dist/boxlab/manifest.json) and the server reads:
 * which lessons exist and what each needs. Pure.
 */
import * as z from 'zod/mini';
import { networkModeSchema, nodeNameSchema, nodeReferences, nodesSchema, profileNameSchema } from './lesson.ts';

export const MANIFEST_PATH = 'boxlab/manifest.json';

export const manifestSchema = z.object({
  version: z.literal(1),
  /** BOXLAB_BASE_PATH the site was built with ('' at the root): its links hold it, so the server must serve there. */
  basePath: z._default(z.string(), ''),
  lessons: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      profile: profileNameSchema,
      network: z._default(networkModeSchema, 'none'),
      /** OCI runtimes the lesson works under; absent: any. */
      runtimes: z.optional(z.array(z.string())),
      /** The lesson's folder, relative to the repository root. */
      dir: z.string(),
      setup: z.optional(z.string()),
      /** A lab's machines (contracts/lesson.ts); absent: one sandbox. */
      nodes: z.optional(nodesSchema),
      setupNode: z.optional(nodeNameSchema),
      exercises: z.array(z.object({ id: z.string(), title: z.string(), check: z.string(), solve: z.string(), node: z.optional(nodeNameSchema) })),
    }).check(z.superRefine((lesson, ctx) => nodeReferences(lesson, ctx))),
  ),
});
/** As written by hand (tests): defaults such as `network` may be left out. */
export type LessonManifest = z.input<typeof manifestSchema>;
