/**
 * The store on node:sqlite (built into Node, embedded, one file in the data dir): progress here, workshops in
 * sqlite-workshop-store.ts over the same database. Synchronous calls are fine: each is one indexed row on a local
 * file, far below a Docker exec's cost.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ProgressResponse } from '../contracts/api.ts';
import { migrations } from './migrations.ts';
import type { ProgressStore } from './progress-store.ts';
import { sqliteResumeStore } from './sqlite-resume-store.ts';
import { sqliteWorkshopStore } from './sqlite-workshop-store.ts';
import type { Store } from './store.ts';

export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  let version = row.user_version;
  for (; version < migrations.length; version++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw new Error(`store: migration ${version + 1} failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return version;
}

/** Open (creating if needed) the store at `file`; `:memory:` for a throwaway one. */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL lets the API read while a pass is written; a busy timeout rides out a second process (lesson CI).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 2000;');
  migrate(db);

  const visit = db.prepare(
    // A visit of the lesson the learner is already on (a reload, a second tab) keeps the time they came to it: the
    // workshop grid's "time on this exercise" counts from there. Coming back from another lesson moves it.
    'INSERT INTO lesson_visits (learner, lesson, visited_at) VALUES (?, ?, ?) ON CONFLICT (learner, lesson) DO UPDATE SET visited_at = excluded.visited_at ' +
      'WHERE lesson_visits.visited_at < (SELECT MAX(v.visited_at) FROM lesson_visits v WHERE v.learner = excluded.learner)',
  );
  const pass = db.prepare('INSERT OR IGNORE INTO exercise_passes (learner, lesson, exercise, passed_at) VALUES (?, ?, ?, ?)');
  const visits = db.prepare('SELECT lesson, visited_at FROM lesson_visits WHERE learner = ? ORDER BY visited_at DESC');
  const passes = db.prepare('SELECT lesson, exercise FROM exercise_passes WHERE learner = ? ORDER BY passed_at');
  const forgetVisit = db.prepare('DELETE FROM lesson_visits WHERE learner = ? AND lesson = ?');
  const forgetPasses = db.prepare('DELETE FROM exercise_passes WHERE learner = ? AND lesson = ?');

  const progress: ProgressStore = {
    markVisited: (learner, lesson, at) => void visit.run(learner, lesson, at),
    markPassed: (learner, lesson, exercise, at) => void pass.run(learner, lesson, exercise, at),
    progress(learner) {
      const out: ProgressResponse = { lessons: {} };
      for (const v of visits.all(learner) as { lesson: string; visited_at: number }[]) {
        out.lastLesson ??= v.lesson;
        out.lessons[v.lesson] = { visitedAt: v.visited_at, passed: [] };
      }
      for (const p of passes.all(learner) as { lesson: string; exercise: string }[]) {
        (out.lessons[p.lesson] ??= { passed: [] }).passed.push(p.exercise);
      }
      return out;
    },
    resetLesson(learner, lesson) {
      forgetVisit.run(learner, lesson);
      forgetPasses.run(learner, lesson);
    },
    close: () => db.close(),
  };
  return { ...progress, ...sqliteWorkshopStore(db), ...sqliteResumeStore(db) };
}
