/**
 * The start steps one socket reports (`step` frames), in order: a step never follows a later one (a second terminal
 * joining an acquire already past the queue is not told it queues), and the same step is said once (the queue's
 * step again only when the place changed). Pure: it is given where to send.
 */
import { startSteps, stepSentence, type StartStep } from '../../contracts/start-steps.ts';
import type { ServerControl } from '../../contracts/terminal-protocol.ts';

export class StartSequence {
  private readonly send: (msg: ServerControl) => void;
  private at = -1;
  private place: number | undefined;

  constructor(send: (msg: ServerControl) => void) {
    this.send = send;
  }

  /** Report `step` (with the queue `place`); false when it was not sent (said already, or out of order). */
  report(step: StartStep, place?: number): boolean {
    const index = startSteps.indexOf(step);
    if (index < this.at || (index === this.at && (step !== 'queued' || place === this.place))) return false;
    this.at = index;
    this.place = place;
    this.send({ type: 'step', step, message: stepSentence(step, place), ...(place !== undefined ? { place } : {}) });
    return true;
  }

  /** The terminal is attached: no step is reported after this. */
  finish(): void {
    this.at = startSteps.length;
  }
}
