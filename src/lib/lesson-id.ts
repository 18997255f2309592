/** `01-containers/02-vs-vms/index.mdx` → `containers/vs-vms`: numbers order folders, they stay out of URLs. Pure. */
export function lessonIdFromPath(entry: string): string {
  return entry
    .replace(/\/index\.mdx?$/, '')
    .split('/')
    .map((part) => part.replace(/^\d+-/, ''))
    .join('/');
}
