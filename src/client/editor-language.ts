/** Which highlighting a file gets, by its name (pure, so it is tested without a browser). */
export type EditorLanguage = 'dockerfile' | 'shell' | 'yaml' | 'python' | 'plain';

export function languageOf(path: string, firstLine = ''): EditorLanguage {
  const name = (path.split('/').pop() ?? '').toLowerCase();
  if (name === 'dockerfile' || name === 'containerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'dockerfile';
  if (/\.(ya?ml)$/.test(name)) return 'yaml';
  if (/\.(py|pyw)$/.test(name)) return 'python';
  if (/\.(sh|bash|zsh)$/.test(name) || /^\.(bashrc|profile|bash_profile|zshrc)$/.test(name)) return 'shell';
  if (/^#!.*\bpython/.test(firstLine)) return 'python';
  if (/^#!.*\b(ba|z|da)?sh\b/.test(firstLine)) return 'shell';
  return 'plain';
}
