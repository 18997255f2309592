/**
 * An instructor's hello with `watch`: join a learner's running shell read-only, never starting a sandbox or a shell,
 * and tell the learner while someone watches. Who may watch whom is the workshops' answer (`watchTarget`).
 */
import { closeCodes } from '../../contracts/close-codes.ts';
import { errorCodes, retryAfterMsOf } from '../../contracts/errors.ts';
import type { ClientControl } from '../../contracts/terminal-protocol.ts';
import { BoxlabError } from '../../domain/errors.ts';
import type { SocketContext } from './socket-context.ts';

type Hello = Extract<ClientControl, { type: 'hello' }>;

export async function onWatch(ctx: SocketContext, hello: Hello & { watch: NonNullable<Hello['watch']> }): Promise<void> {
  const { deps, ws } = ctx;
  ctx.readOnly = true;
  if (!ctx.instructor || !deps.watchTarget) return ctx.fail(errorCodes.INSTRUCTOR_ONLY, 'Only a signed-in instructor can watch a learner’s terminal.');
  let target;
  try {
    target = deps.watchTarget(ctx.instructor, hello.watch);
  } catch (err) {
    if (err instanceof BoxlabError) return ctx.fail(err.code, err.message);
    deps.log.error({ err }, 'could not find whom to watch');
    return ctx.fail(errorCodes.TERMINAL_FAILED, 'This terminal could not be opened for watching. Try again.', closeCodes.unavailable);
  }
  const sandbox = target.lesson === undefined ? undefined : deps.manager.find(target.learner, target.lesson, hello.node);
  const session = sandbox && (await deps.registry.existing(sandbox.id, hello.terminal));
  if (!session) return ctx.fail(errorCodes.NO_SANDBOX, 'This learner has no such terminal open right now; watching starts once they open the lesson.', closeCodes.unavailable, retryAfterMsOf[errorCodes.NO_SANDBOX]);
  if (ws.readyState !== ws.OPEN) return;
  ctx.session = session;
  if (!(await session.attach(ctx.client, hello.since))) return;
  if (ws.readyState !== ws.OPEN) return session.detach(ctx.client);
  ctx.release = deps.watchers.watch(session);
  ctx.send({ type: 'status', state: 'ready', message: 'Watching (read-only).' });
}
