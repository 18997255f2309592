/**
 * Classroom workshops on the wire: what an instructor sends to create one, what a learner sends to join, and what
 * the live grid and the learner's banner receive. Pure, shared by the site and the server.
 */
import * as z from 'zod/mini';
import { lessonIdSchema } from './lesson-id.ts';

/** Join codes avoid letters and digits that read alike aloud or on a projector (0/O, 1/I/l). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

/** What a person types: case, spaces and dashes do not matter ("abc-def" is "ABCDEF"). */
export function normalizeJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}
export const joinCodeSchema = z.pipe(
  z.pipe(z.string().check(z.maxLength(40)), z.transform(normalizeJoinCode)),
  z.string().check(z.refine((c) => c.length === JOIN_CODE_LENGTH && [...c].every((ch) => JOIN_CODE_ALPHABET.includes(ch)), 'a join code is 6 letters and digits, as the instructor shows it')),
);

/** No control characters or markup-looking text in a name shown to a whole class. */
export const displayNameSchema = z.pipe(
  z.pipe(z.string(), z.transform((s: string) => s.trim().replace(/\s+/g, ' '))),
  z.string().check(z.minLength(1, 'say what to call you'), z.maxLength(40, 'a name of at most 40 characters'), z.regex(/^[^\p{Cc}<>]+$/u, 'a name without < > or control characters')),
);

const minutes = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

export const createWorkshopSchema = z.object({
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
    /** The lessons, in order; the first is where learners land. */
    lessons: z.array(lessonIdSchema).check(z.minLength(1), z.maxLength(60)),
    capacity: z.int().check(z.minimum(1), z.maximum(500)),
    /** Unix milliseconds. */
    startsAt: z.int().check(z.positive()),
    endsAt: z.int().check(z.positive()),
    /** How long a learner's sandbox lives before it must be extended. */
    sandboxMinutes: z._default(minutes(5, 600), 120),
    password: z.optional(z.string().check(z.minLength(4), z.maxLength(100))),
    /** The share of the capacity to pre-warm before the start (0 = none). */
    prewarmShare: z._default(z.number().check(z.minimum(0), z.maximum(1)), 1),
  }).check(z.refine((w) => w.endsAt > w.startsAt, { message: 'the workshop must end after it starts', path: ['endsAt'] }));
export type CreateWorkshop = z.input<typeof createWorkshopSchema>;

export const joinWorkshopSchema = z.object({
  code: joinCodeSchema,
  name: displayNameSchema,
  password: z.optional(z.string().check(z.maxLength(100))),
});
export type JoinWorkshop = z.input<typeof joinWorkshopSchema>;

export const workshopStates = ['scheduled', 'live', 'ended'] as const;
export type WorkshopState = (typeof workshopStates)[number];

export interface WorkshopSummary {
  id: string;
  title: string;
  code: string;
  lessons: string[];
  capacity: number;
  startsAt: number;
  endsAt: number;
  sandboxMinutes: number;
  hasPassword: boolean;
  state: WorkshopState;
  members: number;
}

/** What a learner's page shows: the workshop they are in, its end, and the instructor's messages. */
export interface LearnerWorkshopView {
  id: string;
  title: string;
  endsAt: number;
  state: WorkshopState;
  firstLesson: string;
  lessons: string[];
  /** The display name the learner joined with. */
  name: string;
  /** Newest last. */
  messages: { at: number; text: string }[];
}

export const sandboxStates = ['none', 'starting', 'running', 'stopped'] as const;
export type SandboxState = (typeof sandboxStates)[number];

export interface GridCell {
  passed: boolean;
  /** Failed checks since the last pass (or ever, when never passed). */
  failures: number;
}

export interface GridRow {
  /** A member id: not the learner's cookie identity. */
  member: string;
  name: string;
  joinedAt: number;
  /** The lesson the learner last opened in this workshop. */
  lesson: string | undefined;
  /** The first exercise of that lesson they have not passed. */
  exercise: string | undefined;
  /** Since when they have been on that exercise (their last pass or the visit). */
  since: number | undefined;
  lastActivityAt: number | undefined;
  idle: boolean;
  /** Many failed checks on the current exercise. */
  stuck: boolean;
  sandbox: SandboxState;
  /** Key `lesson#exercise`. */
  cells: Record<string, GridCell>;
  /** Terminal ids open in the learner's sandbox for the current lesson, for watching. */
  terminals: string[];
}

export interface GridColumn {
  lesson: string;
  exercise: string;
  title: string;
  /** How many learners passed it. */
  passed: number;
}

export interface WorkshopGrid {
  workshop: WorkshopSummary;
  columns: GridColumn[];
  rows: GridRow[];
  /** When the server computed it. */
  at: number;
  prewarm: { wanted: number; ready: number; hostCanHold: number };
}

export interface CheckAttemptView {
  lesson: string;
  exercise: string;
  status: string;
  output: string;
  at: number;
}

/** Sign-in with an OpenID Connect provider, as the instructor page offers it. */
export interface InstructorOidcView {
  enabled: boolean;
  /** The provider's name for the button (its issuer's host name); absent when not enabled. */
  provider?: string;
}

/** Most simulated learners a rehearsal may have. */
export const MAX_REHEARSAL_LEARNERS = 150;

/** p50 and p99 of some milliseconds (workshops/rehearsal-verdict.ts), and how many were measured. */
export interface RehearsalSpread {
  p50: number;
  p99: number;
  n: number;
}

/** Whether the host held a rehearsed start, and what to do (workshops/rehearsal-verdict.ts). */
export interface RehearsalVerdict {
  holds: boolean;
  /** What missed, one sentence each; empty when it holds. */
  reasons: string[];
  ttfpTargetMs: number;
  echoTargetMs: number;
  /**
   * Sandboxes to pre-warm for this many learners: every arrival but those this host started from nothing within
   * the target. Cold starts measured while more were starting at once, so the figure errs on the safe side.
   */
  poolSize: number;
  /** False when the host cannot keep that many pre-warmed. */
  poolFits: boolean;
  /** What to do, in one sentence. */
  advice: string;
}

/** A rehearsal's answer (POST workshopUrls.rehearse, and GET's `result` once done): workshops/rehearsal.ts. */
export interface RehearsalResult {
  workshop: string;
  lesson: string;
  profile: string;
  learners: number;
  seconds: number;
  /** Pre-warmed sandboxes of the profile when it began, and how many learners got one. */
  pool: { before: number; used: number };
  ttfpMs: RehearsalSpread;
  /** The part of the first prompt spent getting the sandbox (the rest: starting the shell and its prompt). */
  acquireMs: RehearsalSpread;
  echoMs: RehearsalSpread;
  memoryMb: { before: number; lowest: number; after: number; reserve: number };
  serverRssMb: { before: number; peak: number };
  failures: number;
  /** The first few reasons learners got no prompt. */
  errors: string[];
  removed: number;
  /** Why it stopped early (learners came to wait for a sandbox, or the deadline). */
  stopped: string | undefined;
  verdict: RehearsalVerdict;
}

/** How the server's rehearsal is going (GET workshopUrls.rehearse). */
export interface RehearsalStatus {
  state: 'idle' | 'running' | 'done';
  workshop: string | undefined;
  learners: number;
  /** Learners with a sandbox, at their prompt, done typing, failed; sandboxes removed. */
  acquired: number;
  prompted: number;
  typed: number;
  failed: number;
  removed: number;
  startedAt: number | undefined;
  /** The last rehearsal's answer. */
  result: RehearsalResult | undefined;
}

export const prewarmSizeSchema = z.object({ sandboxes: z.int().check(z.minimum(0), z.maximum(500)) });

export const broadcastSchema = z.object({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)) });
export const extendSchema = z.object({ member: z.optional(z.string().check(z.maxLength(64))) });

export const cellKey = (lesson: string, exercise: string): string => `${lesson}#${exercise}`;

export const workshopUrls = {
  join: '/api/workshops/join',
  /** The learner's own workshop (GET), and its server-sent events (messages, end). */
  mine: '/api/workshops/mine',
  mineEvents: '/api/workshops/mine/events',
  instructorLogin: '/api/instructor/login',
  instructorLogout: '/api/instructor/logout',
  instructorMe: '/api/instructor/me',
  /** Whether sign-in with an OpenID Connect provider is offered, and the provider's name (GET). */
  instructorOidc: '/api/instructor/oidc',
  /** Starts the sign-in at the provider (a browser navigation), and where the provider sends the browser back. */
  instructorOidcLogin: '/api/instructor/oidc/login',
  instructorOidcCallback: '/api/instructor/oidc/callback',
  workshops: '/api/instructor/workshops',
  workshop: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}`,
  grid: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/grid`,
  gridEvents: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/events`,
  attempts: (id: string, member: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/members/${encodeURIComponent(member)}/attempts`,
  reset: (id: string, member: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/members/${encodeURIComponent(member)}/reset`,
  extend: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/extend`,
  broadcast: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/broadcast`,
  end: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/end`,
  prewarm: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/prewarm`,
  /** Set how many sandboxes to pre-warm (POST `{sandboxes}`), e.g. the pool size a rehearsal advised. */
  prewarmSize: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/prewarm-size`,
  rehearse: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/rehearse`,
  exportCsv: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/export.csv`,
  exportJson: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/export.json`,
  qr: (id: string) => `/api/instructor/workshops/${encodeURIComponent(id)}/qr.svg`,
} as const;

/** The page a join link opens: the code filled in. */
export const joinPagePath = (code: string): string => `/join/?code=${encodeURIComponent(code)}`;
