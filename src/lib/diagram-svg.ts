/**
 * Diagrams are inlined into the page rather than shown with <img>: an SVG inside <img> is a document of its own
 * and cannot see the page's colours, so `currentColor` and the theme's CSS variables would not follow a dark
 * theme. Pure, for <Figure> (src/mdx/Figure.astro) and its unit test.
 */

/** Where the course's diagrams live, relative to the repository root. */
export const DIAGRAM_DIR = 'src/diagrams';

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The SVG file's text made ready to inline: no XML prolog or comments before the root, and the root labelled
 * for screen readers with `alt` (role="img" makes assistive technology read it as one picture, not its texts).
 */
export function inlineDiagram(svgText: string, alt: string): string {
  const text = alt.trim();
  if (!text) throw new Error('A diagram needs alt text: what the picture shows, in a sentence.');
  const start = svgText.indexOf('<svg');
  if (start < 0) throw new Error('Not an SVG file: no <svg> element.');
  const root = svgText.slice(start);
  if (/^<svg[^>]*\s(role|aria-label)=/.test(root)) throw new Error('The SVG sets role or aria-label itself: leave them to <Figure>.');
  return root.replace(/^<svg/, `<svg role="img" aria-label="${escapeAttribute(text)}"`).trim();
}

/** The diagram's name from a path that import.meta.glob returned (`../diagrams/layers.svg` → `layers`). */
export function diagramName(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.svg$/, '');
}
