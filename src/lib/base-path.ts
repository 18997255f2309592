/**
 * The sub-path the site is served under (BOXLAB_BASE_PATH, Astro's `base`, fixed at build time): every absolute URL
 * the site writes or fetches goes through `withBase`. astro.config.mjs defines the constant for the build (pages and
 * browser code alike); not `import.meta.env.BASE_URL`, which a BASE_URL in the build's environment overrides.
 * Elsewhere (unit tests), the root.
 */
declare const __BOXLAB_BASE_PATH__: string | undefined;

/** '' at the root, else e.g. '/boxlab'. */
export const BASE_PATH: string = typeof __BOXLAB_BASE_PATH__ === 'string' ? __BOXLAB_BASE_PATH__ : '';

/** `path` (from the site's root, starting with '/') under the base. */
export const withBase = (path: string): string => BASE_PATH + path;
