"""A small lesson with every mode's content, for the terminal's mode tests.

The seed lesson's real steps (so fix and fill items run against real checks in the real
sandbox) with a few items per mode of its own, and a topic on every question, so the tests
do not depend on how the shipped lesson's mode content is written. Options are pinned so a
script can answer by letter.
"""

from __future__ import annotations

import dataclasses

from bot.core.content import (
    Case,
    CaseOption,
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

from .runner import CONTENT, LESSON


def pinned(*texts: str, correct: int = 0) -> tuple[Option, ...]:
    return tuple(Option(text, correct=i == correct, pinned=True) for i, text in enumerate(texts))


STAGES = "mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']\n"
SWAPPED = "mlops_steps = ['Model Training', 'Data Preparation', 'Model Deployment', 'Monitoring']\n"

CONCEPTS = (
    ConceptCard(
        id="what-mlops-is",
        title="MLOps keeps models working",
        idea="MLOps: the habits that take a model from data to production and keep it good.",
        example='definition = "MLOps manages machine learning models from data to monitoring."',
        check=QuickCheck(
            prompt="What does MLOps manage?",
            options=pinned("Machine learning models, end to end", "Office printers"),
            explanation="MLOps covers the whole life of a model, not only training.",
        ),
        steps=(1,),
    ),
    ConceptCard(
        id="the-stages",
        title="Four stages, in order",
        idea="Data preparation, training, deployment and monitoring follow one another.",
        example=STAGES,
        check=QuickCheck(
            prompt="Which stage comes last?",
            options=pinned("Data Preparation", "Monitoring", correct=1),
            explanation="Monitoring watches the deployed model, so it comes after deployment.",
        ),
        steps=(2,),
    ),
)

FLASHCARDS = (
    Flashcard("drift", "Data drift", "Live data no longer looks like the training data."),
    Flashcard("deployment", "Deployment", "Putting a model where people can use it."),
    Flashcard("monitoring", "Monitoring", "Watching a live model's inputs and results."),
)

PREDICT = (
    PredictItem(
        id="count-stages",
        code='stages = ["train", "deploy"]\nprint(len(stages))\n',
        output="2",
        options=pinned("2", "1", "3"),
        why="len counts the items of the list: two strings.",
    ),
    PredictItem(
        id="last-stage",
        code='stages = ["train", "deploy", "monitor"]\nprint(stages[-1])\n',
        output="monitor",
        options=pinned("train", "monitor", "deploy", correct=1),
        why="Index -1 is the last item.",
    ),
)

FIX = (
    FixItem(
        id="stages-out-of-order",
        step=2,
        broken=SWAPPED,
        fixed=STAGES,
        bug="The first two stages are swapped: data comes before training.",
        hint="Which stage needs to happen before a model can be trained?",
    ),
    FixItem(
        id="definition-without-ml",
        step=1,
        broken='definition = "MLOps is a way to manage projects."\n',
        fixed='definition = "MLOps is a way to manage machine learning projects."\n',
        bug="The definition never says what MLOps manages: machine learning.",
        hint="Mention machine learning or models.",
    ),
)

FILL = (
    FillItem(
        id="list-the-stages",
        step=2,
        example=(
            ExampleLine('colors = ["red", "green"]', "a list: square brackets, commas between"),
        ),
        template="mlops_steps = [___, 'Model Training', 'Model Deployment', ___]\n",
        answers=("'Data Preparation'", "'Monitoring'"),
        wrong=(("'Data Cleaning'", "'Monitoring'"),),
    ),
    FillItem(
        id="say-why",
        step=3,
        example=(ExampleLine('reason = "Tests catch bugs early."', "a sentence in quotes"),),
        template="importance = ___\n",
        answers=('"MLOps helps teams ship reliable models faster."',),
        wrong=(('"It is nice."',),),
    ),
)

CASES = (
    Case(
        id="accuracy-dropped",
        title="Accuracy dropped on Monday",
        situation="Your model's accuracy fell 9 points since Monday.",
        decisions=(
            Decision(
                prompt="What do you check first?",
                options=(
                    CaseOption(
                        "Whether the input data changed", "You find a new data source.", True
                    ),
                    CaseOption("Retrain at once", "The new model is just as bad."),
                ),
                explanation="Look at the data before changing the model.",
            ),
            Decision(
                prompt="The data changed. What next?",
                options=(
                    CaseOption("Tell nobody", "The next team hits the same problem."),
                    CaseOption(
                        "Add a data check to the pipeline", "The next change is caught.", True
                    ),
                ),
                explanation="A check turns one lesson into a guard for every run.",
            ),
        ),
        debrief="Data first, then the model; then make the check permanent.",
    ),
)

CHEATSHEET = CheatSheet(
    summary="MLOps keeps models working from data to monitoring.",
    terms=(
        Term("Drift", "live data moving away from training data"),
        Term("Deployment", "shipping"),
    ),
    patterns=(
        Pattern("The stages as a list", "mlops_steps = ['Data Preparation', 'Monitoring']\n"),
    ),
    mistakes=("Skipping monitoring", "Training before the data is ready"),
)

TOPICS = {  # the three hard questions and two easy ones: the first card; the rest: the second
    "mlops-purpose": "what-mlops-is",
    "stay-accurate": "what-mlops-is",
    "safe-release": "what-mlops-is",
    "model-registry": "what-mlops-is",
    "data-versioning": "what-mlops-is",
}


def fixture_lesson() -> Lesson:
    lesson = load_catalog(CONTENT).get(LESSON)
    assert lesson is not None
    questions = tuple(
        dataclasses.replace(q, topic=TOPICS.get(q.id, "the-stages")) for q in lesson.questions
    )
    modes = ModeContent(
        concepts=CONCEPTS,
        flashcards=FLASHCARDS,
        predict=PREDICT,
        fix=FIX,
        fill=FILL,
        cases=CASES,
        cheatsheet=CHEATSHEET,
    )
    return dataclasses.replace(lesson, questions=questions, modes=modes)
