import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGRAM_DIR, diagramName, inlineDiagram } from '../../src/lib/diagram-svg.ts';

describe('inlineDiagram', () => {
  it('drops the prolog and labels the root for screen readers', () => {
    const svg = inlineDiagram('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg viewBox="0 0 1 1"><title>t</title></svg>\n', 'Two "boxes" & a line');
    expect(svg).toBe('<svg role="img" aria-label="Two &quot;boxes&quot; &amp; a line" viewBox="0 0 1 1"><title>t</title></svg>');
  });

  it('refuses missing alt text, files that are not SVG, and roots that label themselves', () => {
    expect(() => inlineDiagram('<svg></svg>', '  ')).toThrow(/alt text/);
    expect(() => inlineDiagram('<html></html>', 'x')).toThrow(/Not an SVG/);
    expect(() => inlineDiagram('<svg role="img"></svg>', 'x')).toThrow(/leave them to <Figure>/);
  });

  it('names a diagram by its file', () => {
    expect(diagramName('../diagrams/container-states.svg')).toBe('container-states');
  });
});

// The course's diagrams are inlined into pages that may show several of them, in a light or a dark theme.
describe('the course diagrams', () => {
  const files = readdirSync(DIAGRAM_DIR).filter((f) => f.endsWith('.svg'));

  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    const text = readFileSync(`${DIAGRAM_DIR}/${file}`, 'utf8');
    it(`${file}: scopes its styles to its own root class and has a title and a description`, () => {
      const cls = /<svg[^>]*\sclass="(dg-[a-z-]+)"/.exec(text)?.[1];
      expect(cls, 'the root <svg> needs class="dg-…"').toBeDefined();
      const style = /<style>([\s\S]*?)<\/style>/.exec(text)?.[1] ?? '';
      for (const rule of style.split('}').map((r) => r.trim()).filter(Boolean)) expect(rule.startsWith(`.${cls} `), rule).toBe(true);
      expect(text).toMatch(/<title>[^<]+<\/title>/);
      expect(text).toMatch(/<desc>[^<]+<\/desc>/);
    });

    it(`${file}: follows the theme (text in currentColor, no opaque page background, no id that could clash)`, () => {
      expect(text).toMatch(/text \{ fill: currentColor;/);
      expect(text).not.toMatch(/\sid="/);
      // A full-size opaque rectangle would paint a light or dark page's background over.
      expect(text).not.toMatch(/<rect[^>]*width="100%"/);
    });
  }
});
