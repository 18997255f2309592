import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/client/editor-language.ts';

describe('the editor picks highlighting by file name', () => {
  it('knows Dockerfiles, YAML, Python and shell, by name or by #! line', () => {
    expect(languageOf('~/app/Dockerfile')).toBe('dockerfile');
    expect(languageOf('~/app/Dockerfile.dev')).toBe('dockerfile');
    expect(languageOf('~/web.dockerfile')).toBe('dockerfile');
    expect(languageOf('~/compose.yaml')).toBe('yaml');
    expect(languageOf('~/k8s/pod.yml')).toBe('yaml');
    expect(languageOf('~/app/main.py')).toBe('python');
    expect(languageOf('~/run.sh')).toBe('shell');
    expect(languageOf('~/.bashrc')).toBe('shell');
    expect(languageOf('~/tool', '#!/usr/bin/env python3')).toBe('python');
    expect(languageOf('~/tool', '#!/bin/bash')).toBe('shell');
    expect(languageOf('~/notes.txt')).toBe('plain');
  });
});
