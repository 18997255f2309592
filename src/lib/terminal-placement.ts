/**
 * Whether a lesson's MDX places a `<Terminal>` itself (then the lesson layout adds none). Pure, so it can
 * be unit-tested; it reads the source because what MDX renders is only known once it runs.
 */
export function placesOwnTerminal(mdxBody: string | undefined): boolean {
  if (!mdxBody) return false;
  // Fenced code blocks show markup to the reader; a <Terminal> inside one places nothing.
  const outsideCode = mdxBody.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  return /<Terminal[\s/>]/.test(outsideCode);
}
