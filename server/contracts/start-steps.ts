/**
 * The steps a terminal goes through before its first prompt, as the server reports them in `step` frames
 * (terminal-protocol.ts), and the sentence each is shown with. Shared by server and page. Pure.
 */
import * as z from 'zod/mini';

/** In the order they happen; a step never follows one later in this list. */
export const startSteps = ['queued', 'creating', 'engine', 'setup', 'shell'] as const;
export type StartStep = (typeof startSteps)[number];
export const startStepSchema = z.enum(startSteps);

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The sentence for a step; `place`: the learner's place in the queue (for `queued`). */
export function stepSentence(step: StartStep, place?: number): string {
  switch (step) {
    case 'queued':
      return place ? `Waiting for a free place (${ordinal(place)} in line)` : 'Waiting for a free place';
    case 'creating':
      return 'Creating your sandbox';
    case 'engine':
      return 'Starting Docker inside it';
    case 'setup':
      return 'Preparing the lesson';
    case 'shell':
      return 'Opening your shell';
  }
}

/** "Creating your sandbox · 1.2 s": tenths under 10 s, whole seconds after. */
export function stepLine(sentence: string, elapsedMs: number): string {
  const s = Math.max(0, elapsedMs) / 1000;
  return `${sentence} · ${s < 10 ? s.toFixed(1) : Math.floor(s)} s`;
}
