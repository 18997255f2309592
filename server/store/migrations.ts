/**
 * Schema migrations, in order, forever append-only: the database's `user_version` says how many ran.
 * Changing a shipped migration would leave existing databases behind; add a new one instead.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE lesson_visits (
     learner TEXT NOT NULL,
     lesson TEXT NOT NULL,
     visited_at INTEGER NOT NULL,
     PRIMARY KEY (learner, lesson)
   ) STRICT;
   CREATE TABLE exercise_passes (
     learner TEXT NOT NULL,
     lesson TEXT NOT NULL,
     exercise TEXT NOT NULL,
     passed_at INTEGER NOT NULL,
     PRIMARY KEY (learner, lesson, exercise)
   ) STRICT;`,
  // Classroom workshops (server/workshops/): instructors' tokens, workshops, their members, the instructor's
  // broadcasts, and every check a learner ran (the grid's failures and "stuck", the last outputs).
  `CREATE TABLE instructor_tokens (
     hash TEXT PRIMARY KEY,
     label TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE workshops (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL UNIQUE,
     title TEXT NOT NULL,
     lessons TEXT NOT NULL,
     capacity INTEGER NOT NULL,
     starts_at INTEGER NOT NULL,
     ends_at INTEGER NOT NULL,
     sandbox_minutes INTEGER NOT NULL,
     password_hash TEXT,
     prewarm_share REAL NOT NULL,
     ended_at INTEGER,
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE workshop_members (
     workshop TEXT NOT NULL REFERENCES workshops(id),
     member TEXT NOT NULL UNIQUE,
     learner TEXT NOT NULL,
     name TEXT NOT NULL,
     joined_at INTEGER NOT NULL,
     -- When the learner last joined (or joined again): their current workshop is the latest.
     active_at INTEGER NOT NULL,
     PRIMARY KEY (workshop, learner)
   ) STRICT;
   CREATE INDEX workshop_members_by_learner ON workshop_members (learner);
   CREATE TABLE workshop_messages (
     workshop TEXT NOT NULL REFERENCES workshops(id),
     at INTEGER NOT NULL,
     text TEXT NOT NULL
   ) STRICT;
   CREATE TABLE check_attempts (
     learner TEXT NOT NULL,
     lesson TEXT NOT NULL,
     exercise TEXT NOT NULL,
     status TEXT NOT NULL,
     output TEXT NOT NULL,
     at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX check_attempts_by_learner ON check_attempts (learner, at);`,
  // Resume codes (http/resume-routes.ts): one per learner, only its SHA-256 kept. IF NOT EXISTS: a branch that
  // numbered its migrations differently may have made it already.
  `CREATE TABLE IF NOT EXISTS resume_codes (
     learner TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL
   ) STRICT;`,
];
