/** WorkshopStore on the same node:sqlite database as progress (opened by sqlite-progress-store.ts). */
import type { DatabaseSync } from 'node:sqlite';
import type { CheckStatus } from '../contracts/api.ts';
import type { MemberRecord, WorkshopRecord, WorkshopStore } from './workshop-store.ts';

/** A check's output kept for the instructor: its end, which says what failed. */
const KEPT_OUTPUT = 4000;

interface WorkshopRow {
  id: string;
  code: string;
  title: string;
  lessons: string;
  capacity: number;
  starts_at: number;
  ends_at: number;
  sandbox_minutes: number;
  password_hash: string | null;
  prewarm_share: number;
  ended_at: number | null;
  created_by: string;
  created_at: number;
}

const toWorkshop = (r: WorkshopRow): WorkshopRecord => ({
  id: r.id,
  code: r.code,
  title: r.title,
  lessons: JSON.parse(r.lessons) as string[],
  capacity: r.capacity,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  sandboxMinutes: r.sandbox_minutes,
  passwordHash: r.password_hash ?? undefined,
  prewarmShare: r.prewarm_share,
  endedAt: r.ended_at ?? undefined,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

interface MemberRow {
  workshop: string;
  member: string;
  learner: string;
  name: string;
  joined_at: number;
}
const toMember = (r: MemberRow): MemberRecord => ({ workshop: r.workshop, member: r.member, learner: r.learner, name: r.name, joinedAt: r.joined_at });

export function sqliteWorkshopStore(db: DatabaseSync): WorkshopStore {
  const q = {
    addToken: db.prepare('INSERT OR IGNORE INTO instructor_tokens (hash, label, created_at) VALUES (?, ?, ?)'),
    hasToken: db.prepare('SELECT 1 AS one FROM instructor_tokens WHERE hash = ?'),
    hasTokenPrefix: db.prepare("SELECT 1 AS one FROM instructor_tokens WHERE substr(hash, 1, length(?)) = ?"),
    countTokens: db.prepare('SELECT COUNT(*) AS n FROM instructor_tokens'),
    create: db.prepare(
      `INSERT INTO workshops (id, code, title, lessons, capacity, starts_at, ends_at, sandbox_minutes, password_hash, prewarm_share, ended_at, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    ),
    byId: db.prepare('SELECT * FROM workshops WHERE id = ?'),
    byCode: db.prepare('SELECT * FROM workshops WHERE code = ?'),
    all: db.prepare('SELECT * FROM workshops ORDER BY created_at DESC'),
    end: db.prepare('UPDATE workshops SET ended_at = COALESCE(ended_at, ?) WHERE id = ?'),
    prewarmShare: db.prepare('UPDATE workshops SET prewarm_share = ? WHERE id = ?'),
    addMember: db.prepare('INSERT OR IGNORE INTO workshop_members (workshop, member, learner, name, joined_at, active_at) VALUES (?, ?, ?, ?, ?, ?)'),
    activate: db.prepare('UPDATE workshop_members SET active_at = ? WHERE workshop = ? AND learner = ?'),
    members: db.prepare('SELECT * FROM workshop_members WHERE workshop = ? ORDER BY joined_at, member'),
    membership: db.prepare('SELECT * FROM workshop_members WHERE learner = ? ORDER BY active_at DESC, rowid DESC LIMIT 1'),
    addMessage: db.prepare('INSERT INTO workshop_messages (workshop, at, text) VALUES (?, ?, ?)'),
    messages: db.prepare('SELECT at, text FROM (SELECT rowid, at, text FROM workshop_messages WHERE workshop = ? ORDER BY rowid DESC LIMIT ?) ORDER BY rowid'),
    attempt: db.prepare('INSERT INTO check_attempts (learner, lesson, exercise, status, output, at) VALUES (?, ?, ?, ?, ?, ?)'),
    attempts: db.prepare('SELECT * FROM check_attempts WHERE learner = ? AND at >= ? ORDER BY at, rowid'),
    outcomes: db.prepare('SELECT learner, lesson, exercise, status, at FROM check_attempts WHERE learner = ? AND at >= ? ORDER BY at, rowid'),
  };
  return {
    addInstructorToken: (hash, label, at) => void q.addToken.run(hash, label, at),
    hasInstructorToken: (hash) => q.hasToken.get(hash) !== undefined,
    hasInstructorTokenPrefix: (prefix) => q.hasTokenPrefix.get(prefix, prefix) !== undefined,
    instructorTokenCount: () => (q.countTokens.get() as { n: number }).n,
    createWorkshop: (w) =>
      void q.create.run(w.id, w.code, w.title, JSON.stringify(w.lessons), w.capacity, w.startsAt, w.endsAt, w.sandboxMinutes, w.passwordHash ?? null, w.prewarmShare, w.createdBy, w.createdAt),
    workshop: (id) => {
      const row = q.byId.get(id) as WorkshopRow | undefined;
      return row && toWorkshop(row);
    },
    workshopByCode: (code) => {
      const row = q.byCode.get(code) as WorkshopRow | undefined;
      return row && toWorkshop(row);
    },
    workshops: () => (q.all.all() as unknown as WorkshopRow[]).map(toWorkshop),
    endWorkshop: (id, at) => void q.end.run(at, id),
    setPrewarmShare: (id, share) => void q.prewarmShare.run(share, id),
    addMember: (m) => Number(q.addMember.run(m.workshop, m.member, m.learner, m.name, m.joinedAt, m.joinedAt).changes) > 0,
    activateMember: (workshop, learner, at) => void q.activate.run(at, workshop, learner),
    members: (workshop) => (q.members.all(workshop) as unknown as MemberRow[]).map(toMember),
    membershipOf: (learner) => {
      const row = q.membership.get(learner) as MemberRow | undefined;
      return row && toMember(row);
    },
    addMessage: (workshop, at, text) => void q.addMessage.run(workshop, at, text),
    messages: (workshop, limit) => q.messages.all(workshop, limit) as { at: number; text: string }[],
    recordAttempt: (a) => void q.attempt.run(a.learner, a.lesson, a.exercise, a.status, a.output.slice(-KEPT_OUTPUT), a.at),
    attemptOutcomes: (learner, since) =>
      (q.outcomes.all(learner, since) as { learner: string; lesson: string; exercise: string; status: string; at: number }[]).map((r) => ({
        ...r,
        status: r.status as CheckStatus,
      })),
    attempts: (learner, since) =>
      (q.attempts.all(learner, since) as { learner: string; lesson: string; exercise: string; status: string; output: string; at: number }[]).map((r) => ({
        ...r,
        status: r.status as CheckStatus,
      })),
  };
}
