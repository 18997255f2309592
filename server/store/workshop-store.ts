/**
 * What Boxlab remembers about classroom workshops: instructors' tokens (hashed), workshops, members, broadcasts,
 * and every check a learner ran. The seam, as for progress: node:sqlite implements it (sqlite-workshop-store.ts).
 */
import type { CheckStatus } from '../contracts/api.ts';

export interface WorkshopRecord {
  id: string;
  code: string;
  title: string;
  lessons: string[];
  capacity: number;
  startsAt: number;
  endsAt: number;
  sandboxMinutes: number;
  /** scrypt hash (workshops/secrets.ts); undefined: no password. */
  passwordHash: string | undefined;
  prewarmShare: number;
  /** Set when an instructor ended it early (or it was ended after its end time). */
  endedAt: number | undefined;
  createdBy: string;
  createdAt: number;
}

export interface MemberRecord {
  workshop: string;
  /** Shown to the instructor instead of the learner's identity. */
  member: string;
  learner: string;
  name: string;
  joinedAt: number;
}

export interface AttemptRecord {
  learner: string;
  lesson: string;
  exercise: string;
  status: CheckStatus;
  output: string;
  at: number;
}

export interface WorkshopStore {
  addInstructorToken(hash: string, label: string, at: number): void;
  hasInstructorToken(hash: string): boolean;
  /** Whether a token whose hash starts with this is still stored (a session names its token by that prefix). */
  hasInstructorTokenPrefix(prefix: string): boolean;
  instructorTokenCount(): number;
  createWorkshop(workshop: WorkshopRecord): void;
  workshop(id: string): WorkshopRecord | undefined;
  workshopByCode(code: string): WorkshopRecord | undefined;
  /** Newest first. */
  workshops(): WorkshopRecord[];
  endWorkshop(id: string, at: number): void;
  setPrewarmShare(id: string, share: number): void;
  /** False when the learner is a member already (the existing membership stands). */
  addMember(member: MemberRecord): boolean;
  /** The learner entered this workshop's code again: it is their current workshop from now. */
  activateMember(workshop: string, learner: string, at: number): void;
  members(workshop: string): MemberRecord[];
  /** The learner's membership in the workshop they joined (or joined again) last. */
  membershipOf(learner: string): MemberRecord | undefined;
  addMessage(workshop: string, at: number, text: string): void;
  /** Oldest first, the last `limit`. */
  messages(workshop: string, limit: number): { at: number; text: string }[];
  recordAttempt(attempt: AttemptRecord): void;
  /** The learner's attempts at or after `since`, oldest first. */
  attempts(learner: string, since: number): AttemptRecord[];
  /** The same without their outputs (what the grid counts): cheap enough to read for a class every second. */
  attemptOutcomes(learner: string, since: number): Omit<AttemptRecord, 'output'>[];
}
