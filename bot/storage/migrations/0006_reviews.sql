-- Stepwise spaced reviews and reminders, schema 6.
-- Timestamps are ISO-8601 UTC text like schema 1; rows cascade from learners(id), so
-- deleting a learner erases their cards, review history and reminder setting.

CREATE TABLE review_cards (
    learner_id  TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    card_key    TEXT NOT NULL,                   -- kind:lesson:item
    kind        TEXT NOT NULL CHECK (kind IN ('question', 'step')),
    lesson_id   TEXT NOT NULL,
    item        TEXT NOT NULL,                   -- question id or step number
    source      TEXT NOT NULL,                   -- practice | test | daily | step
    due         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    state       INTEGER NOT NULL,                -- fsrs.State
    stability   REAL,
    difficulty  REAL,
    last_review TEXT,
    reviews     INTEGER NOT NULL DEFAULT 0 CHECK (reviews >= 0),
    PRIMARY KEY (learner_id, card_key)
) WITHOUT ROWID;
CREATE INDEX review_cards_due ON review_cards (due);

CREATE TABLE review_events (
    id         INTEGER PRIMARY KEY,
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    card_key   TEXT NOT NULL,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    at         TEXT NOT NULL,
    next_due   TEXT NOT NULL
);
CREATE INDEX review_events_by_learner ON review_events (learner_id, at);

CREATE TABLE reminders (
    learner_id TEXT PRIMARY KEY REFERENCES learners(id) ON DELETE CASCADE,
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    time       TEXT NOT NULL,                    -- HH:MM in `timezone`
    timezone   TEXT NOT NULL,                    -- IANA name
    last_sent  TEXT,                             -- YYYY-MM-DD, learner's local day
    note       TEXT NOT NULL DEFAULT ''
);
