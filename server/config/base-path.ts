/**
 * BOXLAB_BASE_PATH: the sub-path a reverse proxy serves Boxlab under (e.g. /boxlab). Pure, with no imports: the
 * server's config and astro.config.mjs (which writes it into every link at build time) check it the same way.
 */

/** `/name` segments of letters, digits and `_ ~ - .` (not starting with a dot): safe in a URL, a cookie's Path and HTML. */
const BASE_PATH = /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;

/** What is wrong with a base path, as what to write instead (no final stop); undefined when it is fine (unset or empty: the root). */
export function basePathProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === '/') return 'leave it unset to serve Boxlab at the root of its host';
  const fixed = `/${value.replace(/^\/+|\/+$/g, '')}`;
  if (!value.startsWith('/')) return `must start with a slash: write "${fixed}"`;
  if (value.endsWith('/')) return `must not end with a slash: write "${fixed}"`;
  if (value.length > 100) return 'must be at most 100 characters';
  if (!BASE_PATH.test(value)) return 'must be /-separated names of letters, digits, dots, dashes, underscores or tildes (a name may not start with a dot), e.g. /boxlab';
  return undefined;
}
