"""/learn journeys over the fake Discord: a fixture lesson with every mode, a bot runner
that serves it, and the learner's moves (open the card, pick a mode, answer).

The fixture is the seed lesson (its real steps and questions, so fix and fill items run
against real checks in the real sandbox) with a small `modes` section of its own and a
topic on every question, so these journeys do not depend on how the shipped lesson's mode
content is worded. Options are written with the right one first or second, as noted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from bot.app import open_services
from bot.core.content import (
    Case,
    CaseOption,
    Catalog,
    CheatSheet,
    ConceptCard,
    Decision,
    ExampleLine,
    FillItem,
    FixItem,
    Flashcard,
    Lesson,
    ModeContent,
    Option,
    Pattern,
    PredictItem,
    QuickCheck,
    Term,
    load_catalog,
)
from bot.core.modes import ModeDesk
from bot.discord_app.runner import start_bot

from .conftest import GUILD_READY_TIMEOUT, REPO, BotRunner
from .fake_discord import FakeDiscord, FakeMessage, InteractionHandle
from .fake_payloads import FakeUser

LESSON = "what-is-mlops"
STAGES = "mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']\n"
SWAPPED = "mlops_steps = ['Model Training', 'Data Preparation', 'Model Deployment', 'Monitoring']\n"


def options(*texts: str, correct: int = 0) -> tuple[Option, ...]:
    return tuple(Option(text, correct=i == correct) for i, text in enumerate(texts))


CONCEPTS = (
    ConceptCard(
        id="what-mlops-is",
        title="MLOps keeps models working",
        idea="MLOps is the set of habits that takes a model from data to production.",
        example='definition = "MLOps manages machine learning models from data to monitoring."',
        check=QuickCheck(
            "What does MLOps manage?",
            options("Machine learning models, end to end", "Office printers"),
            "MLOps covers the whole life of a model, not only training.",
        ),
        steps=(1,),
    ),
    ConceptCard(
        id="the-stages",
        title="Four stages, in order",
        idea="Data preparation, training, deployment and monitoring follow one another.",
        example=STAGES,
        check=QuickCheck(
            "Which stage comes last?",
            options("Data Preparation", "Monitoring", correct=1),
            "Monitoring watches the deployed model, so it comes after deployment.",
        ),
        steps=(2,),
    ),
    ConceptCard(
        id="keep-it-working",
        title="A live model needs watching",
        idea="Data changes after release; monitoring and safe releases keep a model good.",
        example="Accuracy fell from 91 % to 82 % after a new data source arrived.",
        check=QuickCheck(
            "Why monitor a deployed model?",
            options("Its data can drift", "To make training faster"),
            "Live data changes; monitoring notices before users do.",
        ),
        steps=(3,),
    ),
)
TOPICS = {  # question id -> concept card: the hard ones are on the last two cards
    "mlops-purpose": "what-mlops-is",
    "pipeline-component": "what-mlops-is",
    "deploy-output": "what-mlops-is",
    "deploy-syntax-error": "what-mlops-is",
    "model-registry": "what-mlops-is",
    "data-drift": "keep-it-working",
    "enumerate-steps": "the-stages",
    "stay-accurate": "keep-it-working",
    "data-versioning": "the-stages",
    "safe-release": "keep-it-working",
}
MODES = ModeContent(
    concepts=CONCEPTS,
    flashcards=(
        Flashcard("drift", "Data drift", "Live data no longer looks like the training data."),
        Flashcard("deployment", "Deployment", "Putting a model where people can use it."),
        Flashcard("monitoring", "Monitoring", "Watching a live model's inputs and results."),
    ),
    predict=(
        PredictItem(
            "count-stages",
            'stages = ["train", "deploy"]\nprint(len(stages))\n',
            "2",
            options("2", "1", "3"),
            "len counts the items of the list: two strings.",
        ),
        PredictItem(
            "last-stage",
            'stages = ["train", "deploy", "monitor"]\nprint(stages[-1])\n',
            "monitor",
            options("train", "monitor", "deploy", correct=1),
            "Index -1 is the last item.",
        ),
    ),
    fix=(
        FixItem(
            "stages-out-of-order",
            2,
            SWAPPED,
            STAGES,
            "The first two stages are swapped: data comes before training.",
            "Which stage has to happen before a model can be trained?",
        ),
        FixItem(
            "monitoring-missing",
            2,
            STAGES.replace(", 'Monitoring'", ""),
            STAGES,
            "The last stage, Monitoring, is missing.",
            "Count the stages: there are four.",
        ),
    ),
    fill=(
        FillItem(
            "list-the-stages",
            2,
            (ExampleLine('colors = ["red", "green"]', "A list: square brackets, commas between."),),
            "mlops_steps = [___, 'Model Training', 'Model Deployment', ___]\n",
            ("'Data Preparation'", "'Monitoring'"),
            (("'Data Cleaning'", "'Monitoring'"),),
        ),
        FillItem(
            "say-why",
            3,
            (ExampleLine('reason = "Tests catch bugs early."', "A sentence in quotes."),),
            "importance = ___\n",
            ('"MLOps helps teams ship reliable models faster."',),
            (('"It is nice."',),),
        ),
    ),
    cases=(
        Case(
            "accuracy-dropped",
            "Accuracy dropped on Monday",
            "Your model's accuracy fell 9 points since Monday.",
            (
                Decision(
                    "What do you check first?",
                    (
                        CaseOption("Whether the input data changed", "A new source appears.", True),
                        CaseOption("Retrain at once", "The new model is just as bad."),
                    ),
                    "Look at the data before changing the model.",
                ),
                Decision(
                    "The data changed. What next?",
                    (
                        CaseOption("Ignore it", "Accuracy keeps falling."),
                        CaseOption("Retrain on the new data and compare", "It recovers.", True),
                    ),
                    "Retrain on data that looks like today's, then compare before release.",
                ),
            ),
            "Check the data first, then retrain and compare: drift is the usual cause.",
        ),
    ),
    cheatsheet=CheatSheet(
        summary="MLOps takes a model from data to production and keeps it working.",
        terms=(
            Term("MLOps", "Practices that run ML models reliably."),
            Term("Data drift", "Live data stops looking like the training data."),
        ),
        patterns=(Pattern("The four stages", STAGES),),
        mistakes=("Stopping after deployment", "Retraining before looking at the data"),
    ),
)


def with_modes(lesson: Lesson) -> Lesson:
    questions = tuple(dataclasses.replace(q, topic=TOPICS.get(q.id, "")) for q in lesson.questions)
    return dataclasses.replace(lesson, modes=MODES, questions=questions)


def fixture_catalog() -> Catalog:
    """The shipped catalogue with the fixture's modes on the seed lesson and none on the
    others (whatever content the shipped lessons have by now)."""
    catalog = load_catalog(REPO / "content", partial=True)
    return Catalog(
        tuple(
            with_modes(x) if x.id == LESSON else dataclasses.replace(x, modes=ModeContent())
            for x in catalog
        )
    )


class LearnRunner(BotRunner):
    """The real bot over the fixture catalogue (SQLite, the real sandbox), restartable."""

    def __init__(self, fake: FakeDiscord, settings: Any) -> None:
        super().__init__(fake, settings)
        self.catalog = fixture_catalog()

    async def start(self) -> Any:
        self._stack = AsyncExitStack()
        self.services = await self._stack.enter_async_context(
            open_services(self.settings, catalog=self.catalog)
        )
        self.bot = await start_bot(
            self.settings, self.services, guild_ready_timeout=GUILD_READY_TIMEOUT
        )
        assert self.bot.connect_task is not None
        self.fake.watch(self.bot.connect_task)
        await self.fake.wait_connected()
        return self.bot

    @property
    def desk(self) -> ModeDesk:
        assert self.services is not None
        assert self.services.modes is not None
        return self.services.modes


# --------------------------------------------------------------------------- learner moves


def learner(user: FakeUser) -> str:
    return f"discord:{user.id}"


async def open_card(
    fake: FakeDiscord, user: FakeUser | None = None, *, dm: bool = False
) -> FakeMessage:
    return await (await fake.slash("learn", {"lesson": LESSON}, user, dm=dm)).reply()


def select_of(message: FakeMessage) -> dict[str, Any]:
    selects = [c for row in message.components for c in row.get("components", []) if c["type"] == 3]
    assert selects, f"no select menu on message {message.id}"
    return selects[0]


async def choose(
    fake: FakeDiscord, card: FakeMessage, mode: str, user: FakeUser | None = None
) -> InteractionHandle:
    """Pick `mode` in the card's Select (as Discord sends it: component type 3, values)."""
    select = select_of(card)
    assert mode in [o["value"] for o in select["options"]], select["options"]
    data = {"custom_id": select["custom_id"], "component_type": 3, "values": [mode]}
    return await fake.send_interaction(3, data, user or fake.member, message=card)


async def click(
    fake: FakeDiscord, message: FakeMessage, label: str, user: FakeUser | None = None
) -> InteractionHandle:
    return await fake.click_button(message, message.custom_id(label), user)


async def press(
    fake: FakeDiscord, message: FakeMessage, label: str, user: FakeUser | None = None
) -> FakeMessage:
    """Click a button that edits its message in place; wait for the edit."""
    before = message.edits
    handle = await click(fake, message, label, user)
    await handle.response()
    await fake.wait_until(lambda: message.edits > before, 15, f"the edit after {label!r}")
    return message


@asynccontextmanager
async def running(fake: FakeDiscord, settings: Any) -> AsyncIterator[LearnRunner]:
    runner = LearnRunner(fake, settings)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()
