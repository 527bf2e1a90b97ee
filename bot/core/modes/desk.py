"""`ModeDesk`: the ten learning modes of a lesson for one learner, the same for Discord and
the terminal.

A surface turns one click or line into one desk call and renders the typed outcome
(`bot.core.modes.outcomes`). Every call that changes anything saves the learner's row in
the `ModeStore` before it returns (with the event of the item answered), so a learner can
leave at any point and resume where they stopped, on any surface. Code runs through the
engine's `check_step` (the sandbox), flashcard ratings feed the `ReviewDesk` (one
scheduler), and steps, practice and test rows follow the engine's own records
(`tracking`), whichever surface was used.
"""

from __future__ import annotations

import logging

from bot.core.content import FillItem, FixItem, Lesson
from bot.core.lessons import TutorEngine, clean_source
from bot.core.modes import records
from bot.core.modes.catalog import (
    CHOICE_MODES,
    ENGINE_MODES,
    MODES,
    ModeInfo,
    item_count,
    item_ids,
    mode,
)
from bot.core.modes.cheatsheet import cheatsheet_markdown
from bot.core.modes.items import choice_options, choice_result, index_of, item_at
from bot.core.modes.outcomes import (
    ChoiceResult,
    CodeResult,
    LessonCard,
    ModeLine,
    ModeView,
    RateResult,
)
from bot.core.modes.scorecard import ScoreCard, score_test
from bot.core.modes.tracking import Tracker
from bot.core.ports import (
    Clock,
    EvaluationInProgress,
    InvalidChoice,
    LearnerId,
    ModeEvent,
    ModeProgress,
    ModeStore,
    ReviewCard,
    TutorError,
)
from bot.core.quiz import LearnerLocks
from bot.core.reviews import RATING_WORDS, ReviewDesk

log = logging.getLogger(__name__)
RATINGS = RATING_WORDS  # "again" | "hard" | "good" | "easy" → the FSRS grade

__all__ = ["RATINGS", "ModeDesk", "ModeUnavailable", "WrongBlankCount"]


class ModeUnavailable(TutorError):
    def __init__(self, lesson: Lesson, info: ModeInfo) -> None:
        super().__init__(f"'{lesson.title}' has no {info.title} yet; choose another mode.")


class WrongBlankCount(TutorError):
    def __init__(self, blanks: int, given: int) -> None:
        super().__init__(f"This template has {blanks} blank(s); you sent {given} answer(s).")


class ModeDesk:
    def __init__(
        self,
        engine: TutorEngine,
        store: ModeStore,
        clock: Clock,
        reviews: ReviewDesk | None = None,
        *,
        listen: bool = True,
    ) -> None:
        """With `listen` (the default) the desk registers with the engine so the steps,
        practice and test rows follow every answer and finished step."""
        self.engine = engine
        self.store = store
        self.clock = clock
        self.reviews = reviews
        self._locks = LearnerLocks()
        self._running: set[LearnerId] = set()  # learners with fix/fill code in the sandbox
        self.tracker = Tracker(store, self._locks, engine)
        if listen:
            self.tracker = self._listen(engine, store)
            self._locks = self.tracker.locks  # one learner's rows change one at a time

    def _listen(self, engine: TutorEngine, store: ModeStore) -> Tracker:
        """Register the tracker with the engine once per store: a second desk over the same
        engine and store (a command building its own) shares it, so no answer counts twice."""
        for listener in engine.answer_listeners:
            owner = getattr(listener, "__self__", None)
            if isinstance(owner, Tracker) and owner.store is store:
                return owner
        engine.answer_listeners.append(self.tracker.note_answer)
        engine.step_listeners.append(self.tracker.note_step)
        return self.tracker

    # ------------------------------------------------------------------ reading

    async def _row(
        self, learner: LearnerId, lesson_id: str, mode_id: str, *, reading: bool = False
    ) -> ModeProgress:
        """The stored row, or a fresh one; a fresh one about to be written first makes sure
        the learner exists (database rows hang off the learner, and erasing the learner
        erased the rows: no row is where that shows)."""
        row = await self.store.get_mode(learner, lesson_id, mode_id)
        if row is not None:
            return row
        if not reading:
            await self.engine.store.ensure_learner(learner)
        return records.fresh(learner, lesson_id, mode_id, self.clock.now())

    def _view(self, lesson: Lesson, info: ModeInfo, row: ModeProgress) -> ModeView:
        total = item_count(lesson, info.id)
        ids = set(item_ids(lesson, info.id))
        done = sum(1 for item in row.done if item in ids)
        # the engine's flows are finished when every item was done; the desk's at the end
        engine_mode = info.id in ENGINE_MODES
        finished = done >= total if engine_mode else records.finished(row, total)
        item_id, item = item_at(lesson, info.id, row.position)
        return ModeView(
            mode=info,
            lesson=lesson,
            index=min(row.position, total),
            total=total,
            item=item,
            finished=finished,
            item_id=item_id,
            flipped=bool(item_id) and row.state.get(records.FLIPPED) == item_id,
            done=done,
            right=row.right,
            wrong=row.wrong,
        )

    async def current(self, learner: LearnerId, lesson_id: str, mode_id: str) -> ModeView:
        """Where the learner stands in the mode (nothing is written)."""
        lesson, info = self.engine.lesson(lesson_id), mode(mode_id)
        return self._view(lesson, info, await self._row(learner, lesson.id, info.id, reading=True))

    async def lines(self, learner: LearnerId, lesson_id: str) -> tuple[ModeLine, ...]:
        """A progress line for each of the ten modes, in the catalogue's order."""
        lesson = self.engine.lesson(lesson_id)
        rows = {r.mode: r for r in await self.store.modes(learner, lesson.id)}
        steps = await self.tracker.figures(learner, lesson)
        lines = []
        for info in MODES:
            row = rows.get(info.id)
            view = self._view(lesson, info, row) if row else None
            done, right, wrong = (view.done, row.right, row.wrong) if view else (0, 0, 0)
            if info.id == "steps":  # the engine's record decides, even between notices
                done, right, wrong = len(steps.solved), steps.right, steps.wrong
            last_visit = row.last_visit if row else None
            if info.id == "steps" and steps.updated_at is not None:
                last_visit = max(last_visit or steps.updated_at, steps.updated_at)
            total = item_count(lesson, info.id)
            lines.append(ModeLine(info, done, total, right, wrong, last_visit))
        return tuple(lines)

    async def card(self, learner: LearnerId, lesson_id: str) -> LessonCard:
        """The lesson card: steps progress and a line per mode started."""
        lesson = self.engine.lesson(lesson_id)
        lines = await self.lines(learner, lesson.id)
        steps = next(line for line in lines if line.mode.id == "steps")
        return LessonCard(
            lesson=lesson,
            steps_solved=steps.done,
            steps_total=len(lesson.steps),
            lines=tuple(line for line in lines if line.started),
        )

    # ------------------------------------------------------------------ moving around

    async def enter(
        self, learner: LearnerId, lesson_id: str, mode_id: str, item: str | None = None
    ) -> ModeView:
        """Start or resume the mode where the learner stopped; with `item`, jump to it (a
        plan button). A finished mode starts a new round. Steps, practice and test are the
        engine's flows: entering them records the visit (and, for steps, the item asked)."""
        lesson, info = self.engine.lesson(lesson_id), mode(mode_id)
        if not item_ids(lesson, info.id):
            raise ModeUnavailable(lesson, info)
        now = self.clock.now()
        async with self._locks.hold(learner):
            row = await self._row(learner, lesson.id, info.id)
            if item is not None:
                row = records.jumped(row, index_of(lesson, info.id, item), now)
            elif info.id not in ENGINE_MODES and records.finished(row, item_count(lesson, info.id)):
                row = records.new_round(row, now)
            else:
                row = records.visited(row, now)
            await self.store.save_mode(row)
        return self._view(lesson, info, row)

    async def skip(self, learner: LearnerId, lesson_id: str, mode_id: str) -> ModeView:
        """Past the current item without finishing it."""
        lesson, info = self.engine.lesson(lesson_id), mode(mode_id)
        async with self._locks.hold(learner):
            row = await self._row(learner, lesson.id, info.id)
            if not records.finished(row, item_count(lesson, info.id)):
                row = records.skipped(row, self.clock.now())
                await self.store.save_mode(row)
        return self._view(lesson, info, row)

    async def _finish(
        self,
        lesson: Lesson,
        info: ModeInfo,
        row: ModeProgress,
        item_id: str,
        correct: bool | None,
        detail: str,
    ) -> ModeView:
        """Save `item_id` as finished (with its event) and return the view after it."""
        now = self.clock.now()
        index = index_of(lesson, info.id, item_id)
        row = records.answered(row, item_id, index, correct, now)
        event = ModeEvent(row.learner, lesson.id, info.id, item_id, correct, now, detail)
        await self.store.save_mode(row, event)
        return self._view(lesson, info, row)

    # ------------------------------------------------------------------ choices

    async def choose(
        self, learner: LearnerId, lesson_id: str, mode_id: str, item_id: str, choice: int
    ) -> ChoiceResult:
        """A choice in a concept's quick check, a predict item or a case's decision (options
        as written). Right or wrong, the item is done; wrong ones count in `wrong`."""
        lesson, info = self.engine.lesson(lesson_id), mode(mode_id)
        if info.id not in CHOICE_MODES:
            raise TutorError(f"{info.title} has no options to choose from.")
        index = index_of(lesson, info.id, item_id)
        _, item = item_at(lesson, info.id, index)
        options = choice_options(lesson, info.id, item)
        if not 0 <= choice < len(options):
            raise InvalidChoice(choice, len(options))
        correct_index = next(i for i, option in enumerate(options) if option.correct)
        correct = choice == correct_index
        async with self._locks.hold(learner):
            row = await self._row(learner, lesson.id, info.id)
            repeated = records.repeated(row, item_id)
            if repeated:
                view = self._view(lesson, info, row)
            else:
                view = await self._finish(lesson, info, row, item_id, correct, f"choice {choice}")
        return choice_result(info.id, item, item_id, choice, correct, correct_index, view, repeated)

    # ------------------------------------------------------------------ flashcards

    async def flip(self, learner: LearnerId, lesson_id: str, card_id: str) -> ModeView:
        """Show the meaning side of a flashcard (remembered: a resume shows it flipped)."""
        lesson, info = self.engine.lesson(lesson_id), mode("flashcards")
        index = index_of(lesson, info.id, card_id)
        now = self.clock.now()
        async with self._locks.hold(learner):
            row = records.flipped(await self._row(learner, lesson.id, info.id), card_id, now)
            if row.position != index:
                row = records.flipped(records.jumped(row, index, now), card_id, now)
            event = ModeEvent(learner, lesson.id, info.id, card_id, None, now, "flip")
            await self.store.save_mode(row, event)
        return self._view(lesson, info, row)

    async def rate(
        self, learner: LearnerId, lesson_id: str, card_id: str, rating: str
    ) -> RateResult:
        """Rate a flashcard Again/Hard/Good/Easy: done (Again counts as wrong, the others
        as right) and, with reviews on, scheduled as a review card of kind "flashcard"."""
        if rating not in RATINGS:
            raise TutorError(f"Rate the card with one of: {', '.join(RATINGS)}.")
        lesson, info = self.engine.lesson(lesson_id), mode("flashcards")
        index_of(lesson, info.id, card_id)
        async with self._locks.hold(learner):
            row = await self._row(learner, lesson.id, info.id)
            if records.repeated(row, card_id):
                return RateResult(card_id, rating, self._view(lesson, info, row))
            correct = rating != "again"
            view = await self._finish(lesson, info, row, card_id, correct, rating)
        return RateResult(
            card_id, rating, view, await self._schedule(learner, lesson, card_id, rating)
        )

    async def _schedule(
        self, learner: LearnerId, lesson: Lesson, card_id: str, rating: str
    ) -> ReviewCard | None:
        """Feed the rating to the review scheduler; its failure never loses the rating."""
        if self.reviews is None:
            return None
        try:
            return await self.reviews.note_flashcard(
                learner, lesson.id, card_id, RATINGS[rating], self.clock.now()
            )
        except Exception:
            log.exception("review scheduling of flashcard %s failed for %s", card_id, learner)
            return None

    # ------------------------------------------------------------------ code

    async def submit_fix(
        self, learner: LearnerId, lesson_id: str, item_id: str, code: str
    ) -> CodeResult:
        """Run the learner's fix as the item's step, in the sandbox."""
        lesson = self.engine.lesson(lesson_id)
        item: FixItem = item_at(lesson, "fix", index_of(lesson, "fix", item_id))[1]
        return await self._run(learner, lesson, "fix", item, clean_source(code).text)

    async def submit_fill(
        self, learner: LearnerId, lesson_id: str, item_id: str, answers: tuple[str, ...]
    ) -> CodeResult:
        """Fill the blanks with `answers` (in order) and run the result as the item's step."""
        lesson = self.engine.lesson(lesson_id)
        item: FillItem = item_at(lesson, "fill", index_of(lesson, "fill", item_id))[1]
        answers = tuple(clean_source(a).text for a in answers)
        try:
            code = item.filled(answers)
        except ValueError:
            raise WrongBlankCount(len(item.template.split("___")) - 1, len(answers)) from None
        return await self._run(learner, lesson, "fill", item, code)

    async def _run(
        self, learner: LearnerId, lesson: Lesson, mode_id: str, item: FixItem | FillItem, code: str
    ) -> CodeResult:
        """Sandbox first (nothing held), then record: a pass finishes the item, a failure
        counts as wrong and the item stays (executor failures record nothing). One run per
        learner at a time, like the engine's submissions."""
        if learner in self._running:
            raise EvaluationInProgress()
        self._running.add(learner)
        try:
            run = await self.engine.check_step(learner, lesson.id, item.step, code)
        finally:
            self._running.discard(learner)
        info = mode(mode_id)
        async with self._locks.hold(learner):
            row = await self._row(learner, lesson.id, info.id)
            if run.passed:
                view = await self._finish(lesson, info, row, item.id, True, str(run.status))
            else:
                now = self.clock.now()
                row = records.missed(
                    records.jumped(row, index_of(lesson, info.id, item.id), now), now
                )
                event = ModeEvent(learner, lesson.id, info.id, item.id, False, now, str(run.status))
                await self.store.save_mode(row, event)
                view = self._view(lesson, info, row)
        return CodeResult(item.id, run.passed, run, item, code, view)

    # ------------------------------------------------------------------ cheat sheet, test

    async def open_cheatsheet(self, learner: LearnerId, lesson_id: str) -> str:
        """The cheat sheet as Markdown, its visit recorded (the mode is then done)."""
        lesson, info = self.engine.lesson(lesson_id), mode("cheatsheet")
        if lesson.modes.cheatsheet is None:
            raise ModeUnavailable(lesson, info)
        async with self._locks.hold(learner):
            row = await self._row(learner, lesson.id, info.id)
            await self._finish(lesson, info, row, "sheet", None, "open")
        return cheatsheet_markdown(lesson)

    async def test_score(self, learner: LearnerId, lesson_id: str, session_id: str) -> ScoreCard:
        """The finished test's score card (verdict, per topic and difficulty, the plan)."""
        report = await self.engine.finish_test(learner, lesson_id, session_id)
        card = score_test(report.lesson, [(i.question, i.correct) for i in report.items])
        await self.tracker.note_verdict(
            learner, report.lesson.id, session_id, card, self.clock.now()
        )
        return card
