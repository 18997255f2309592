/**
 * The hello: which lesson and terminal, at what size, from which output position. Finds or makes the learner's
 * sandbox (telling them their place while they queue), opens or joins the shell, attaches, and says ready.
 */
import type { ClientControl } from '../../contracts/terminal-protocol.ts';
import { BoxlabError } from '../../domain/errors.ts';
import { errorCodes, retryAfterMsOf } from '../../contracts/errors.ts';
import { closeCodes } from '../../contracts/close-codes.ts';
import { isLessonId } from '../../contracts/lesson-id.ts';
import { pickNode } from '../../sessions/lab.ts';
import type { AcquireOptions } from '../../sessions/sandbox-manager.ts';
import type { SocketContext } from './socket-context.ts';
import { onWatch } from './socket-watch.ts';
import { WATCHED_TEXT } from '../watchers.ts';
import { StartSequence } from './start-sequence.ts';
import type { StartStep } from '../../contracts/start-steps.ts';

export async function onHello(ctx: SocketContext, hello: Extract<ClientControl, { type: 'hello' }>): Promise<void> {
  const { deps, ws, learner } = ctx;
  if (hello.watch) return onWatch(ctx, { ...hello, watch: hello.watch });
  const helloAt = performance.now();
  const lesson = hello.lesson;
  // A <Terminal> placed outside a lesson's page sends none: there is no profile or setup to start it with.
  if (lesson === undefined) return ctx.fail(errorCodes.UNKNOWN_LESSON, 'This terminal is not inside a lesson, so there is no sandbox to open for it.');
  const needs = isLessonId(lesson) ? deps.lessonNeeds(lesson) : undefined;
  if (!needs) return ctx.fail(errorCodes.UNKNOWN_LESSON, `There is no lesson "${lesson}" on this server.`);
  if (needs.refusal) return ctx.fail(errorCodes.PROFILE_UNAVAILABLE, needs.refusal, closeCodes.unavailable);
  // A lab's terminal opens on one of its machines (the first unless the hello names one); other lessons have none.
  const node = needs.nodes ? pickNode(needs.nodes, hello.node) : undefined;
  if (hello.node !== undefined && node === undefined) return ctx.fail(errorCodes.UNKNOWN_LESSON, `The lesson "${lesson}" has no machine "${hello.node}".`);
  ctx.readOnly = hello.readOnly ?? false;
  ctx.send({ type: 'status', state: 'starting', message: 'Starting your sandbox…' });
  const steps = new StartSequence(ctx.send);
  let sandbox;
  let session;
  try {
    const policy = deps.acquirePolicy?.(learner) ?? { perAddress: true, ttlMs: undefined };
    const acquire: AcquireOptions = {
      network: needs.network,
      // A workshop's members share one address (a school's NAT): their creations are counted per learner.
      ip: policy.perAddress ? ctx.ip : `learner:${learner}`,
      ttlMs: policy.ttlMs,
      signal: ctx.left.signal,
      onQueued: (position) => {
        ctx.send({ type: 'status', state: 'starting', message: `All sandboxes are busy. You are number ${position} in the queue; your terminal starts by itself.` });
        steps.report('queued', position);
      },
      onStep: (step: StartStep) => steps.report(step),
    };
    sandbox =
      needs.nodes && node !== undefined
        ? (await deps.manager.acquireLab(learner, lesson, needs.profile, needs.nodes, acquire)).find((s) => s.node === node)!
        : await deps.manager.acquire(learner, lesson, needs.profile, acquire);
    ctx.sandbox = sandbox;
    steps.report('shell');
    session = await deps.registry.open(sandbox, hello.terminal, { cols: hello.cols, rows: hello.rows });
    ctx.session = session;
  } catch (err) {
    const known = err instanceof BoxlabError;
    if (!known || err.code === errorCodes.SANDBOX_FAILED) deps.log.error({ err, learner, lesson }, 'could not open terminal');
    const code = known ? err.code : errorCodes.TERMINAL_FAILED;
    const message = known ? err.message : 'Your terminal could not be opened. It tries again in a few seconds.';
    return ctx.fail(code, message, closeCodes.unavailable, (known ? err.retryAfterMs : undefined) ?? retryAfterMsOf[code]);
  }
  if (ws.readyState !== ws.OPEN) return;
  ctx.release = deps.manager.attach(sandbox);
  // Not attached (the shell ended as it was joined, and the client was told): nothing is ready.
  steps.finish();
  if (!(await session.attach(ctx.client, hello.since))) return;
  if (ws.readyState !== ws.OPEN) return;
  if (!ctx.readOnly) await session.resize(ctx.client, hello.cols, hello.rows).catch(() => undefined);
  ctx.send({ type: 'status', state: 'ready' });
  deps.observer?.ready(performance.now() - helloAt, needs.profile);
  // A warning given before this client attached (or while it was away) is repeated, not lost.
  const notice = deps.manager.expiryNotice(sandbox);
  if (notice) ctx.send({ type: 'status', state: 'expiring', message: notice });
  const watching = deps.watchers.count(session);
  if (watching > 0) ctx.send({ type: 'notice', kind: 'watched', text: WATCHED_TEXT, watchers: watching });
}
