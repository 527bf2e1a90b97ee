-- Stepwise schema 3: honest progress. A step is solved, solved after seeing the solution
-- (accepted_code with solution_revealed), or skipped; a lesson is complete only when every
-- step is solved. Before this, `:skip` set gave_up and counted the step as done.

ALTER TABLE step_state ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1));

-- A step behind the learner without accepted code was skipped.
UPDATE step_state SET skipped = 1
WHERE accepted_code IS NULL
  AND step < (SELECT p.current_step FROM lesson_progress AS p
              WHERE p.learner_id = step_state.learner_id AND p.lesson_id = step_state.lesson_id);

-- A lesson "completed" with skipped steps is open again until they are solved.
UPDATE lesson_progress SET completed_at = NULL
WHERE completed_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM step_state AS s
              WHERE s.learner_id = lesson_progress.learner_id
                AND s.lesson_id = lesson_progress.lesson_id
                AND s.accepted_code IS NULL);
