-- Stepwise PostgreSQL schema 3 (SQLite's 0003): honest progress. A step is solved, solved
-- after seeing the solution (accepted_code with solution_revealed), or skipped; a lesson is
-- complete only when every step is solved. Before this, `:skip` set gave_up and counted
-- the step as done.

ALTER TABLE step_state ADD COLUMN skipped BOOLEAN NOT NULL DEFAULT FALSE;

-- A step behind the learner without accepted code was skipped.
UPDATE step_state AS s SET skipped = TRUE
FROM lesson_progress AS p
WHERE p.learner_id = s.learner_id AND p.lesson_id = s.lesson_id
  AND s.accepted_code IS NULL AND s.step < p.current_step;

-- A lesson "completed" with skipped steps is open again until they are solved.
UPDATE lesson_progress AS p SET completed_at = NULL
WHERE p.completed_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM step_state AS s
              WHERE s.learner_id = p.learner_id AND s.lesson_id = p.lesson_id
                AND s.accepted_code IS NULL);
