/**
 * The walking skeleton against the real Docker engine: a learner's WebSocket reaches a real shell in a
 * container of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxlab, type RunningBoxlab } from '../helpers/boxlab.ts';
import { eventually } from '../helpers/eventually.ts';
import { terminalSuite } from '../helpers/terminal-suite.ts';
import { newLearnerCookie, plain, TestTerminal, type ClientOptions } from '../helpers/terminal-client.ts';

const suite = terminalSuite();
const connect = (cookie: string, extra: Partial<ClientOptions> = {}) => suite.connect(cookie, extra);

describe('terminal', () => {
  it('reaches a shell prompt and runs what the learner types', async () => {
    const t = await connect(await newLearnerCookie(suite.box.baseUrl));
    await t.waitForPrompt();
    const attached = t.control('attached');
    expect(attached).toMatchObject({ terminal: 'main', readOnly: false });
    // A shell started before its first client (pool sandboxes start theirs ahead) comes as its screen; else from its
    // first byte (a session's first position is random: docs/protocol.md), the prompt in the output.
    if (attached?.type === 'attached') expect(attached.screen > 0 || (attached.continuous && /\$ /.test(t.output))).toBe(true);
    const out = await t.run('echo $((6*7))', /^42$/m);
    expect(out).toContain('42');
  });

  it('runs the shell as the unprivileged learner, seeing only the sandbox processes', async () => {
    const t = await connect(await newLearnerCookie(suite.box.baseUrl));
    await t.waitForPrompt();
    const id = await t.run('id -u; id -un', /learner/);
    expect(id).toMatch(/1000/);
    const ps = await t.run('ps -e --no-headers | wc -l; echo PS-DONE', /PS-DONE\n/);
    const count = Number(/(\d+)\n/.exec(ps)?.[1]);
    // docker-init, sleep, the terminal agent, bash, ps, wc: a handful, not the host's hundreds.
    expect(count).toBeGreaterThan(2);
    expect(count).toBeLessThan(20);
  });

  it('gives two learners two different containers', async () => {
    const a = await connect(await newLearnerCookie(suite.box.baseUrl));
    const b = await connect(await newLearnerCookie(suite.box.baseUrl));
    await Promise.all([a.waitForPrompt(), b.waitForPrompt()]);
    expect(a.control('attached')?.sandbox).not.toBe(b.control('attached')?.sandbox);
    const hostA = /HOST=(\S+)\n/.exec(await a.run('echo HOST=$(hostname)', /HOST=\S+\n/))?.[1];
    const hostB = /HOST=(\S+)\n/.exec(await b.run('echo HOST=$(hostname)', /HOST=\S+\n/))?.[1];
    expect(hostA).toBeTruthy();
    expect(hostA).not.toBe(hostB);
    await a.run('echo secret-of-a > ~/mine.txt && echo WROTE', /WROTE\n/);
    const seen = await b.run('cat ~/mine.txt 2>&1; echo END', /END\n/);
    expect(seen).toMatch(/No such file/);
  });

  it('passes window resizes through to the TTY', async () => {
    const t = await connect(await newLearnerCookie(suite.box.baseUrl), { cols: 200, rows: 24 });
    await t.waitForPrompt();
    t.send({ type: 'resize', cols: 123, rows: 45 });
    // The resize travels through the engine asynchronously: the shell waits for it, not the test.
    const out = await t.run(
      'for i in $(seq 100); do s=$(stty size); [ "$s" = "45 123" ] && break; sleep 0.05; done; echo SIZE=$s',
      /SIZE=\d+ \d+\n/,
    );
    expect(out).toContain('SIZE=45 123');
  });

  it('answers malformed control messages with an error frame and keeps working', async () => {
    const t = await connect(await newLearnerCookie(suite.box.baseUrl));
    await t.waitForPrompt();
    t.sendRaw('{not json', false);
    t.sendRaw(JSON.stringify({ type: 'resize', cols: -1, rows: 5 }), false);
    t.sendRaw(JSON.stringify({ type: 'launch-missiles' }), false);
    await t.waitFor(() => t.controls.filter((c) => c.type === 'error').length >= 3, 'three error frames');
    expect(await t.run('echo still-$((1+1))', /still-2/)).toContain('still-2');
  });

  it('refuses a page from another origin', async () => {
    const cookie = await newLearnerCookie(suite.box.baseUrl);
    await expect(TestTerminal.open({ baseUrl: suite.box.baseUrl, cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });

  it('refuses a connection without a valid learner cookie', async () => {
    await expect(TestTerminal.open({ baseUrl: suite.box.baseUrl, cookie: '' })).rejects.toThrow(/401/);
    const forged = 'boxlab_learner=00000000-0000-4000-8000-000000000000.AAAA';
    await expect(TestTerminal.open({ baseUrl: suite.box.baseUrl, cookie: forged })).rejects.toThrow(/401/);
  });

  it('rejects an unknown lesson with a clear error', async () => {
    const t = await connect(await newLearnerCookie(suite.box.baseUrl), { lesson: 'no/such-lesson' });
    await t.waitFor(() => t.closed !== undefined, 'close');
    expect(t.control('error')?.message).toMatch(/no lesson "no\/such-lesson"/);
  });

  it('says so when a terminal names no lesson', async () => {
    const t = await TestTerminal.open({ baseUrl: suite.box.baseUrl, cookie: await newLearnerCookie(suite.box.baseUrl), hello: false });
    t.sendRaw(JSON.stringify({ type: 'hello', v: 1, terminal: 'main', cols: 80, rows: 24 }), false);
    await t.waitFor(() => t.closed !== undefined, 'close');
    expect(t.control('error')).toMatchObject({ code: 'unknown_lesson', message: expect.stringMatching(/not inside a lesson/) });
    expect(t.closed?.code).toBe(4400);
  });

  it('ends the terminal when its shell exits, even with a job left running, and opens a fresh one after', async () => {
    const cookie = await newLearnerCookie(suite.box.baseUrl);
    const t = await connect(cookie);
    await t.waitForPrompt();
    // A background job keeps the terminal open after the shell: the terminal must end all the same.
    await t.run('sleep 600 & echo STARTED-$((2+3))', /STARTED-5\n/);
    t.type('exit\r');
    await t.waitFor(() => t.controls.some((c) => c.type === 'exit'), 'the exit', 15_000);
    // What the shell printed last arrives before the exit.
    expect(plain(t.output)).toMatch(/logout\n?$/);
    const again = await connect(cookie);
    await again.waitForPrompt();
    await again.run('echo FRESH-$((3+3))', /FRESH-6\n/);
  });

  it('returns to the same container and files after the tab is closed', async () => {
    const cookie = await newLearnerCookie(suite.box.baseUrl);
    const first = await connect(cookie);
    await first.waitForPrompt();
    await first.run('echo kept > ~/notes.txt && echo SAVED', /SAVED\n/);
    const sandbox = first.control('attached')?.sandbox;
    await first.close();
    const again = await connect(cookie, { terminal: 'other' });
    await again.waitForPrompt();
    expect(again.control('attached')?.sandbox).toBe(sandbox);
    expect(await again.run('cat ~/notes.txt', /kept\n/)).toContain('kept');
  });
});

describe('idle reaper', () => {
  let short: RunningBoxlab;
  beforeAll(async () => {
    short = await startBoxlab({ BOXLAB_IDLE_TIMEOUT_S: '2', BOXLAB_REAP_INTERVAL_S: '1', BOXLAB_POOL_SHELL: '0' });
  });
  afterAll(async () => {
    await short.destroy();
  });

  it('removes a sandbox nobody is attached to once the idle timeout passes', async () => {
    const t = await TestTerminal.open({ baseUrl: short.baseUrl, cookie: await newLearnerCookie(short.baseUrl) });
    await t.waitForPrompt();
    const [container] = short.boxlab.manager.list();
    expect(container?.name).toBe(t.control('attached')?.sandbox);
    // Attached and active: kept even past the timeout.
    await t.run('sleep 3; echo AWAKE', /AWAKE/, 10_000);
    expect(await short.runtime.inspect(container!.id)).toBeDefined();
    await t.close();
    await eventually(async () => (await short.runtime.inspect(container!.id)) === undefined, 'the idle sandbox to be removed', 15_000);
    expect(short.boxlab.manager.list()).toHaveLength(0);
  });
});
