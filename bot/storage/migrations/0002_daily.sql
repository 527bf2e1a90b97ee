-- Stepwise daily quiz, schema 2.
-- Discord snowflakes are INTEGER; timestamps are ISO-8601 UTC text like schema 1.
-- Member data references learners(id) ON DELETE CASCADE (deleting a learner removes their
-- daily answers and guild names too).

CREATE TABLE daily_schedules (
    guild_id          INTEGER PRIMARY KEY,
    channel_id        INTEGER NOT NULL,
    post_time         TEXT NOT NULL,             -- HH:MM, wall clock in `timezone`
    timezone          TEXT NOT NULL,             -- IANA name
    ping_role_id      INTEGER,
    moderator_role_id INTEGER,
    lessons           TEXT NOT NULL DEFAULT '',  -- comma-separated lesson ids ('' = all)
    tags              TEXT NOT NULL DEFAULT '',  -- comma-separated tags ('' = any)
    reveal_after_s    INTEGER CHECK (reveal_after_s IS NULL OR reveal_after_s > 0),
    paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    handled_through   TEXT NOT NULL,             -- latest scheduled slot posted or reported
    cycle             INTEGER NOT NULL DEFAULT 1 CHECK (cycle >= 1)
);

CREATE TABLE daily_posts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,                         -- NULL until sent
    lesson_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    cycle       INTEGER NOT NULL,
    quiz_day    TEXT NOT NULL,                   -- YYYY-MM-DD in the guild's timezone
    posted_at   TEXT NOT NULL,
    reveal_at   TEXT,                            -- NULL: with the next post
    slot        TEXT,                            -- scheduled instant; NULL for post-now
    late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    revealed_at TEXT,
    UNIQUE (guild_id, slot)                      -- a slot is posted at most once
);
CREATE INDEX daily_posts_open ON daily_posts (revealed_at, reveal_at);
CREATE INDEX daily_posts_by_guild ON daily_posts (guild_id, cycle, question_id);

CREATE TABLE daily_answers (
    post_id    INTEGER NOT NULL REFERENCES daily_posts(id) ON DELETE CASCADE,
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    choice     INTEGER NOT NULL CHECK (choice >= 0),
    correct    INTEGER NOT NULL CHECK (correct IN (0, 1)),
    at         TEXT NOT NULL,
    PRIMARY KEY (post_id, learner_id)            -- one answer per member per post
) WITHOUT ROWID;
CREATE INDEX daily_answers_by_learner ON daily_answers (learner_id, post_id);

CREATE TABLE daily_missed (
    guild_id INTEGER NOT NULL,
    slot     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    noted_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, slot)
) WITHOUT ROWID;

CREATE TABLE guild_members (
    guild_id     INTEGER NOT NULL,
    learner_id   TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL DEFAULT '',       -- last name seen in this guild
    seen_at      TEXT NOT NULL,
    PRIMARY KEY (guild_id, learner_id)
) WITHOUT ROWID;
