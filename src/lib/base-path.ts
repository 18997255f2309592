/**
 * The sub-path the site is served under (BOXLAB_BASE_PATH, Astro's `base`, fixed at build time): every absolute URL
 * the site writes or fetches goes through `withBase`. Outside Vite (unit tests, Node), the root.
 */
const baseUrl: string = import.meta.env?.BASE_URL ?? '/';

/** '' at the root, else e.g. '/boxlab'. */
export const BASE_PATH = baseUrl.replace(/\/+$/, '');

/** `path` (from the site's root, starting with '/') under the base. */
export const withBase = (path: string): string => BASE_PATH + path;
