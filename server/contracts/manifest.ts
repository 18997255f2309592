/**
 * The lesson manifest the site's build writes (dist/boxlab/manifest.json) and the server reads:
 * which lessons exist and what each needs. Pure.
 */
import { z } from 'zod';
import { networkModeSchema, profileNameSchema } from './lesson.ts';

export const MANIFEST_PATH = 'boxlab/manifest.json';

export const manifestSchema = z.object({
  version: z.literal(1),
  lessons: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      profile: profileNameSchema,
      network: networkModeSchema.default('none'),
      /** OCI runtimes the lesson works under; absent: any. */
      runtimes: z.array(z.string()).optional(),
      /** The lesson's folder, relative to the repository root. */
      dir: z.string(),
      setup: z.string().optional(),
      exercises: z.array(z.object({ id: z.string(), title: z.string(), check: z.string(), solve: z.string() })),
    }),
  ),
});
/** As written by hand (tests): defaults such as `network` may be left out. */
export type LessonManifest = z.input<typeof manifestSchema>;
