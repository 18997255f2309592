/**
 * A bad lesson fails the site build, and the error names the lesson file and the field: a frontmatter
 * value the schema rejects, and a script the frontmatter names that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function buildWith(extraLessons: string): { status: number | null; output: string } {
  const outDir = mkdtempSync(join(tmpdir(), 'boxlab-bad-build-'));
  try {
    const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent', '--outDir', outDir], {
      env: { ...process.env, BOXLAB_EXTRA_LESSONS: extraLessons, NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

it('fails on a frontmatter field the schema rejects, naming the file and the field', () => {
  const { status, output } = buildWith('tests/fixtures/bad-lessons/bad-field');
  expect(status).not.toBe(0);
  expect(output).toMatch(/tests\/fixtures\/bad-lessons\/bad-field\/99-bad\/01-bad-minutes\/index\.mdx/);
  expect(output).toMatch(/minutes.*Expected type.*number/);
}, 120_000);

it('fails on a missing exercise script, naming the file, the field and the script', () => {
  const { status, output } = buildWith('tests/fixtures/bad-lessons/missing-script');
  expect(status).not.toBe(0);
  expect(output).toMatch(/tests\/fixtures\/bad-lessons\/missing-script\/99-bad\/01-missing-check\/index\.mdx/);
  expect(output).toMatch(/exercises\[0\]\.solve \(exercise "first"\): file "solution\/first\.sh" does not exist/);
}, 120_000);
