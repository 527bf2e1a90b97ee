-- Stepwise learning modes, schema 7: where each learner stands in each mode of each lesson,
-- and every item they answered there. Timestamps are ISO-8601 UTC text like schema 1;
-- `done` and `state` are JSON text. Rows cascade from learners(id), so deleting a learner
-- erases them. Review cards gain the kind 'flashcard' (flashcards feed the one scheduler).

CREATE TABLE mode_progress (
    learner_id    TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    lesson_id     TEXT NOT NULL,
    mode          TEXT NOT NULL,                  -- steps | concepts | ... | scenario
    position      INTEGER NOT NULL CHECK (position >= 0),   -- next item to show, 0-based
    done          TEXT NOT NULL DEFAULT '[]',     -- JSON list of item ids, first finish first
    right_answers INTEGER NOT NULL DEFAULT 0 CHECK (right_answers >= 0),
    wrong_answers INTEGER NOT NULL DEFAULT 0 CHECK (wrong_answers >= 0),
    started_at    TEXT NOT NULL,
    last_visit    TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT '{}',     -- JSON object: the mode's own resume data
    PRIMARY KEY (learner_id, lesson_id, mode)
) WITHOUT ROWID;

CREATE TABLE mode_events (
    id         INTEGER PRIMARY KEY,
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    lesson_id  TEXT NOT NULL,
    mode       TEXT NOT NULL,
    item       TEXT NOT NULL,
    correct    INTEGER CHECK (correct IN (0, 1)), -- NULL: nothing to get right (a flip)
    at         TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''           -- e.g. a flashcard's rating, the choice made
);
CREATE INDEX mode_events_by_learner ON mode_events (learner_id, lesson_id, at);

-- SQLite cannot change a CHECK constraint in place: rebuild review_cards with the new kind.
CREATE TABLE review_cards_7 (
    learner_id  TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    card_key    TEXT NOT NULL,                   -- kind:lesson:item
    kind        TEXT NOT NULL CHECK (kind IN ('question', 'step', 'flashcard')),
    lesson_id   TEXT NOT NULL,
    item        TEXT NOT NULL,                   -- question id, step number or flashcard id
    source      TEXT NOT NULL,                   -- practice | test | daily | step | flashcards
    due         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    state       INTEGER NOT NULL,                -- fsrs.State
    stability   REAL,
    difficulty  REAL,
    last_review TEXT,
    reviews     INTEGER NOT NULL DEFAULT 0 CHECK (reviews >= 0),
    PRIMARY KEY (learner_id, card_key)
) WITHOUT ROWID;
INSERT INTO review_cards_7 SELECT learner_id, card_key, kind, lesson_id, item, source, due,
    created_at, state, stability, difficulty, last_review, reviews FROM review_cards;
DROP TABLE review_cards;
ALTER TABLE review_cards_7 RENAME TO review_cards;
CREATE INDEX review_cards_due ON review_cards (due);
