/**
 * A bad configuration, said once and in full: every wrong setting on a line of its own, with its name, what is
 * wrong with the value given and what to write instead. Secrets are never echoed. Pure.
 */
import type { z } from 'zod';

/** One wrong setting, or a pair that does not go together. */
export interface ConfigProblem {
  setting: string;
  /** A sentence: what is wrong and what to do. */
  text: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(configReport(problems));
    this.problems = problems;
  }
}

/** Settings whose values are not repeated in an error (they sit in logs and terminals). */
const SECRET = /SECRET|TOKEN|PASSWORD/;

/** How a value is shown in a problem: quoted, or only its length for a secret. */
export function shownValue(setting: string, value: string | undefined): string {
  if (value === undefined) return 'unset';
  if (SECRET.test(setting)) return `a value of ${value.length} characters (not shown)`;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

type Issue = z.core.$ZodIssue;

/** What zod says went wrong, as what to do; a message written in the schema already says it. */
function advice(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'write a whole number' : `write a ${issue.expected}`;
    case 'too_small':
      if (issue.message && !issue.message.startsWith('Too small')) return issue.message;
      return issue.origin === 'string' ? `write at least ${issue.minimum} characters` : `write a number ${issue.inclusive ? 'of at least' : 'above'} ${issue.minimum}`;
    case 'too_big':
      if (issue.message && !issue.message.startsWith('Too big')) return issue.message;
      return issue.origin === 'string' ? `write at most ${issue.maximum} characters` : `write a number ${issue.inclusive ? 'of at most' : 'below'} ${issue.maximum}`;
    case 'invalid_value':
      return `write one of ${issue.values.map((v) => String(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** One problem per setting, whatever number of issues zod found in it. */
export function schemaProblems(issues: readonly Issue[], env: Record<string, string | undefined>): ConfigProblem[] {
  const bySetting = new Map<string, string[]>();
  for (const issue of issues) {
    const setting = String(issue.path[0] ?? '(environment)');
    const entry = issue.path.length > 1 ? `entry ${Number(issue.path[1]) + 1}: ` : '';
    const said = bySetting.get(setting) ?? [];
    const text = entry + advice(issue);
    if (!said.includes(text)) said.push(text);
    bySetting.set(setting, said);
  }
  return [...bySetting].map(([setting, said]) => ({ setting, text: `is ${shownValue(setting, env[setting])}: ${said.join('; ')}.` }));
}

/** The message a bad configuration stops the server with. */
export function configReport(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? 'one setting is wrong' : `${problems.length} settings are wrong`;
  const lines = problems.map((p) => `  ${p.setting} ${p.text}`);
  return `Invalid configuration: ${count}.\n${lines.join('\n')}\nFix them in the environment and start again; docs/operators.md#settings explains every setting.`;
}
