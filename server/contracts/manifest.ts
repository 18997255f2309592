/**
 * The lesson manifest the site's build writes (dist/boxlab/manifest.json) and the server reads:
 * which lessons exist and what each needs. Pure.
 */
import { z } from 'zod';
import { networkModeSchema, nodeNameSchema, nodeReferences, nodesSchema, profileNameSchema } from './lesson.ts';

export const MANIFEST_PATH = 'boxlab/manifest.json';

export const manifestSchema = z.object({
  version: z.literal(1),
  /** BOXLAB_BASE_PATH the site was built with ('' at the root): its links hold it, so the server must serve there. */
  basePath: z.string().default(''),
  lessons: z.array(
    z
      .object({
      id: z.string(),
      title: z.string(),
      profile: profileNameSchema,
      network: networkModeSchema.default('none'),
      /** OCI runtimes the lesson works under; absent: any. */
      runtimes: z.array(z.string()).optional(),
      /** The lesson's folder, relative to the repository root. */
      dir: z.string(),
      setup: z.string().optional(),
      /** A lab's machines (contracts/lesson.ts); absent: one sandbox. */
      nodes: nodesSchema.optional(),
      setupNode: nodeNameSchema.optional(),
      exercises: z.array(z.object({ id: z.string(), title: z.string(), check: z.string(), solve: z.string(), node: nodeNameSchema.optional() })),
    })
      .superRefine((lesson, ctx) => nodeReferences(lesson, ctx)),
  ),
});
/** As written by hand (tests): defaults such as `network` may be left out. */
export type LessonManifest = z.input<typeof manifestSchema>;
