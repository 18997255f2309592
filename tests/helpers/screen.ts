/** Render terminal bytes the way the browser's xterm.js would, and read back what a person would see. */
import headless from '@xterm/headless';

export interface Rendered {
  /** Every line, scrollback first, trailing blanks trimmed. */
  lines: string[];
  /** The visible rows only. */
  visible: string[];
  /** A full-screen program (top, vim) is showing. */
  alternate: boolean;
}

export async function renderScreen(data: string, cols: number, rows: number): Promise<Rendered> {
  const t = new headless.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  await new Promise<void>((r) => t.write(data, r));
  const b = t.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < b.length; i++) lines.push((b.getLine(i)?.translateToString(true) ?? '').trimEnd());
  const visible = lines.slice(b.baseY, b.baseY + rows);
  const alternate = b.type === 'alternate';
  t.dispose();
  return { lines, visible, alternate };
}
