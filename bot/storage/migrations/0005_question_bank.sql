-- Stepwise per-server question bank, schema 5.
-- `body` is the JSON of the question's lesson-format mapping (validated by the core before
-- it is written); `tags` is ',a,b,' so one tag is found with LIKE '%,tag,%'.
-- Authors are not a foreign key to learners: an approved question stays in the server's
-- bank when its author deletes their own data.

CREATE TABLE bank_questions (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    body              TEXT NOT NULL,
    tags              TEXT NOT NULL DEFAULT ',',
    author_id         TEXT NOT NULL,
    author_name       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL
                      CHECK (status IN ('suggested', 'approved', 'rejected', 'retired')),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    reviewer_id       TEXT,
    review_channel_id INTEGER,
    review_message_id INTEGER,
    notify            INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1))  -- DM the outcome
);
CREATE INDEX bank_questions_by_guild ON bank_questions (guild_id, status, id);
CREATE INDEX bank_questions_by_author ON bank_questions (guild_id, author_id, status);

CREATE TABLE bank_settings (
    guild_id          INTEGER PRIMARY KEY,
    review_channel_id INTEGER,
    daily_source      TEXT NOT NULL DEFAULT 'lessons'
                      CHECK (daily_source IN ('lessons', 'server', 'both'))
);
