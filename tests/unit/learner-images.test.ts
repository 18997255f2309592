import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** The `agent` build stage of a learner image's Dockerfile: from its FROM to the blank line that ends it. */
function agentStage(image: string): string {
  const text = readFileSync(new URL(`../../server/sandbox/images/${image}/Dockerfile`, import.meta.url), 'utf8');
  const start = text.indexOf('FROM debian:bookworm-slim AS agent');
  const end = text.indexOf('\n\n', start);
  expect(start, `${image}/Dockerfile has no agent stage`).toBeGreaterThanOrEqual(0);
  return text.slice(start, end);
}

it('builds the terminal agent with the same stage in every learner image (one build, shared by the cache)', () => {
  const shell = agentStage('shell');
  expect(shell).toContain('boxlab-terminal-agent.c');
  expect(agentStage('vm')).toBe(shell);
  expect(agentStage('docker')).toBe(shell);
});

it('puts the agent next to the boxlab-terminal wrapper in every learner image', () => {
  for (const image of ['shell', 'vm', 'docker']) {
    const text = readFileSync(new URL(`../../server/sandbox/images/${image}/Dockerfile`, import.meta.url), 'utf8');
    expect(text).toContain('COPY --from=agent /out/boxlab-terminal-agent /usr/local/bin/boxlab-terminal-agent');
    expect(text).toContain('COPY common/boxlab-terminal /usr/local/bin/boxlab-terminal');
  }
});
