-- Stepwise progress store, schema 1.
-- Timestamps are ISO-8601 UTC text with microseconds (text order = time order).
-- Every table that holds a learner's data references learners(id) ON DELETE CASCADE, so
-- deleting the learner row deletes everything about them; later migrations must do the same.

CREATE TABLE learners (
    id           TEXT PRIMARY KEY,             -- "platform:id": discord:1234, local:alice
    display_name TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

CREATE TABLE lesson_progress (
    learner_id   TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    lesson_id    TEXT NOT NULL,
    current_step INTEGER NOT NULL CHECK (current_step >= 1),
    started_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    completed_at TEXT,
    PRIMARY KEY (learner_id, lesson_id)
);

CREATE TABLE step_state (
    learner_id        TEXT NOT NULL,
    lesson_id         TEXT NOT NULL,
    step              INTEGER NOT NULL CHECK (step >= 1),
    accepted_code     TEXT,
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    hints_shown       INTEGER NOT NULL DEFAULT 0,
    solution_revealed INTEGER NOT NULL DEFAULT 0 CHECK (solution_revealed IN (0, 1)),
    gave_up           INTEGER NOT NULL DEFAULT 0 CHECK (gave_up IN (0, 1)),
    PRIMARY KEY (learner_id, lesson_id, step),
    FOREIGN KEY (learner_id, lesson_id)
        REFERENCES lesson_progress(learner_id, lesson_id) ON DELETE CASCADE
);

CREATE TABLE attempts (
    id         INTEGER PRIMARY KEY,
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    lesson_id  TEXT NOT NULL,
    step       INTEGER NOT NULL,
    code       TEXT NOT NULL,
    status     TEXT NOT NULL,                  -- RunStatus value
    passed     INTEGER NOT NULL CHECK (passed IN (0, 1)),
    summary    TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX attempts_by_lesson ON attempts (learner_id, lesson_id, at);

CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    learner_id  TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    lesson_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    choice      INTEGER NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    mode        TEXT NOT NULL,                 -- practice | test | daily
    session     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX answers_by_learner ON answers (learner_id, lesson_id, at);

CREATE TABLE activity_days (
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,                  -- YYYY-MM-DD in the learner's calendar
    PRIMARY KEY (learner_id, day)
) WITHOUT ROWID;
