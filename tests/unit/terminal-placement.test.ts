import { describe, expect, it } from 'vitest';
import { placesOwnTerminal } from '../../src/lib/terminal-placement.ts';

describe('placesOwnTerminal', () => {
  it('sees a Terminal the lesson places', () => {
    expect(placesOwnTerminal('Intro\n\n<Terminal id="server" />\n<Terminal id="client"/>\n')).toBe(true);
    expect(placesOwnTerminal('<Terminal>\n</Terminal>')).toBe(true);
  });

  it('leaves the default terminal to lessons without one', () => {
    expect(placesOwnTerminal(undefined)).toBe(false);
    expect(placesOwnTerminal('Use the terminal beside this text.\n<TerminalHint />')).toBe(false);
  });

  it('ignores a Terminal shown inside a code block', () => {
    expect(placesOwnTerminal('Write this:\n\n```mdx\n<Terminal id="server" />\n```\n')).toBe(false);
  });
});
