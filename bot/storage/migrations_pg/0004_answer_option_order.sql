-- Stepwise PostgreSQL schema 4 (SQLite's 0004): fair questions. Options are shuffled per
-- delivery; each answer keeps the order it was shown in ("2,0,3,1": shown position ->
-- option as written). '' means as written (every answer before schema 4).

ALTER TABLE answers ADD COLUMN option_order TEXT NOT NULL DEFAULT '';
