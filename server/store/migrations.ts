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
];
