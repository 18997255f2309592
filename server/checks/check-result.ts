/**
 * Turn what a check script did (exit code, output, timed out) into a verdict and a message for the
 * learner. Pure. Exit 0 passes; the output is the message, because a good check says what is missing.
 */
import type { CheckStatus } from '../contracts/api.ts';

export interface ScriptRun {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

export interface CheckVerdict {
  status: CheckStatus;
  passed: boolean;
  message: string;
}

/** Longest message shown; a check that prints a log file should not flood the page. */
export const MAX_MESSAGE_CHARS = 2000;

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** bash reports a script it cannot parse like this, and exits 2 (which would otherwise read as "not yet"). */
const SYNTAX_ERROR = /line \d+: syntax error/;

export function cleanOutput(output: string): string {
  const text = output.replace(ANSI, '').replace(/\r/g, '').trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

export function interpretCheck(run: ScriptRun, timeoutSeconds: number): CheckVerdict {
  const text = cleanOutput(run.output);
  if (run.timedOut) {
    return { status: 'timeout', passed: false, message: `The check did not finish within ${timeoutSeconds} s. Is something in your sandbox still running? Try again in a moment.` };
  }
  // 126: not executable, 127: command not found, >128: killed by a signal — the check broke, not the learner.
  if (run.exitCode === 126 || run.exitCode === 127 || run.exitCode > 128 || run.exitCode < 0 || SYNTAX_ERROR.test(text)) {
    return {
      status: 'broken',
      passed: false,
      message: `This exercise's check is broken (exit ${run.exitCode}${text ? `: ${text.split('\n').at(-1)}` : ''}). It is not your fault: please tell the course author.`,
    };
  }
  if (run.exitCode === 0) return { status: 'passed', passed: true, message: text || 'Well done: the check passed.' };
  return { status: 'failed', passed: false, message: text || 'Not yet: the check did not pass.' };
}
