/**
 * One Boxlab for a test file and the terminals its tests open: started before the file's tests, every
 * terminal closed and every sandbox removed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { startBoxlab, type RunningBoxlab } from './boxlab.ts';
import { TestTerminal, type ClientOptions } from './terminal-client.ts';

export interface TerminalSuite {
  readonly box: RunningBoxlab;
  connect(cookie: string, extra?: Partial<ClientOptions>): Promise<TestTerminal>;
}

export function terminalSuite(env: Record<string, string> = {}): TerminalSuite {
  let box: RunningBoxlab | undefined;
  const open: TestTerminal[] = [];
  beforeAll(async () => {
    box = await startBoxlab(env);
  });
  afterAll(async () => {
    await Promise.all(open.map((t) => t.close()));
    await box?.destroy();
  });
  return {
    get box() {
      if (!box) throw new Error('Boxlab is not started yet (use the suite inside tests)');
      return box;
    },
    async connect(cookie, extra = {}) {
      const t = await TestTerminal.open({ baseUrl: this.box.baseUrl, cookie, ...extra });
      open.push(t);
      return t;
    },
  };
}
