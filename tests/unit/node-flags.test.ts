import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingServerFlags, SERVER_NODE_FLAGS } from '../../server/node-flags.ts';

describe('server node flags', () => {
  it('are what npm start and npm run serve give node', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start', 'serve']) {
      const node = /\bnode ((?:--\S+ )*)server\/main\.ts/.exec(scripts[name] ?? '');
      expect(node, `${name} starts server/main.ts with node`).not.toBeNull();
      expect(missingServerFlags(node![1]!.trim().split(' '))).toEqual([]);
    }
  });

  it('are found in NODE_OPTIONS too', () => {
    expect(missingServerFlags([])).toEqual([...SERVER_NODE_FLAGS]);
    expect(missingServerFlags([], SERVER_NODE_FLAGS.join(' '))).toEqual([]);
  });
});
