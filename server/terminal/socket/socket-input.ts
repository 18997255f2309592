/**
 * Keystrokes (binary frames) into the shell: bounded per frame, refused to viewers, and refused (told once per
 * stall) while the program in the terminal has not read the last megabytes.
 */
import { MAX_INPUT_FRAME_BYTES } from '../../contracts/terminal-protocol.ts';
import { errorCodes } from '../../contracts/errors.ts';
import type { SocketContext } from './socket-context.ts';

export function inputHandler(ctx: SocketContext): (bytes: Buffer) => void {
  let toldInputFull = false;
  return (bytes) => {
    if (bytes.length > MAX_INPUT_FRAME_BYTES) return ctx.send({ type: 'error', code: errorCodes.BAD_MESSAGE, message: 'input frame too large' });
    if (ctx.readOnly) return ctx.refuseReadOnly();
    const { session, sandbox } = ctx;
    if (!session) return;
    const delivered = session.input(ctx.client, bytes);
    // Said once per stall, not once per refused keystroke.
    if (!delivered && !toldInputFull) {
      ctx.send({ type: 'error', code: errorCodes.INPUT_FULL, message: 'The program in this terminal has not read the last megabytes you sent; what you type now is dropped until it reads again.' });
    }
    toldInputFull = !delivered;
    if (sandbox) ctx.deps.manager.touch(sandbox);
  };
}
