/** ResumeStore on the same node:sqlite database as progress and workshops (opened by sqlite-progress-store.ts). */
import type { DatabaseSync } from 'node:sqlite';
import type { ResumeStore } from './resume-store.ts';

export function sqliteResumeStore(db: DatabaseSync): ResumeStore {
  const q = {
    set: db.prepare('INSERT INTO resume_codes (learner, hash, created_at) VALUES (?, ?, ?) ON CONFLICT (learner) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at'),
    createdAt: db.prepare('SELECT created_at FROM resume_codes WHERE learner = ?'),
    byHash: db.prepare('SELECT learner FROM resume_codes WHERE hash = ?'),
    visits: db.prepare('DELETE FROM lesson_visits WHERE learner = ?'),
    passes: db.prepare('DELETE FROM exercise_passes WHERE learner = ?'),
    attempts: db.prepare('DELETE FROM check_attempts WHERE learner = ?'),
    memberships: db.prepare('DELETE FROM workshop_members WHERE learner = ?'),
    codes: db.prepare('DELETE FROM resume_codes WHERE learner = ?'),
  };
  const count = (stmt: { run(learner: string): { changes: number | bigint } }, learner: string) => Number(stmt.run(learner).changes);
  return {
    setResumeCode: (learner, hash, at) => void q.set.run(learner, hash, at),
    resumeCodeCreatedAt: (learner) => (q.createdAt.get(learner) as { created_at: number } | undefined)?.created_at,
    learnerOfResumeCode: (hash) => (q.byHash.get(hash) as { learner: string } | undefined)?.learner,
    forgetLearner(learner) {
      db.exec('BEGIN');
      try {
        const rows = {
          visits: count(q.visits, learner),
          passes: count(q.passes, learner),
          attempts: count(q.attempts, learner),
          memberships: count(q.memberships, learner),
          resumeCodes: count(q.codes, learner),
        };
        db.exec('COMMIT');
        return rows;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
  };
}
