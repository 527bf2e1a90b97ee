"""ml-lifecycle (track position 2): the reference and other right answers pass every step,
and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "ml-lifecycle"

STAGES = (
    "['Problem Definition', 'Data Collection', 'Data Preparation', 'Model Training', "
    "'Model Evaluation', 'Model Deployment', 'Monitoring']"
)

RIGHT = [
    (1, f"stages = {STAGES}"),
    (1, "stages = ['Problem Definition', 'Data Collection']\n"
        "stages += ['Data Preparation', 'Model Training', 'Model Evaluation']\n"
        "stages.append('Model Deployment')\nstages.append('Monitoring')"),
    (2, "def next_stage(stage):\n    position = stages.index(stage)\n"
        "    if position == len(stages) - 1:\n        return stages[1]\n"
        "    return stages[position + 1]"),
    (2, "def next_stage(stage):\n    following = {'Monitoring': 'Data Collection'}\n"
        "    for before, after in zip(stages, stages[1:]):\n        following[before] = after\n"
        "    return following[stage]"),
    (3, "def after_evaluation(accuracy, baseline):\n"
        "    return 'Model Deployment' if accuracy > baseline else 'Model Training'"),
    (3, "def after_evaluation(accuracy, baseline):\n    if accuracy <= baseline:\n"
        "        return 'Model Training'\n    else:\n        return 'Model Deployment'"),
    (4, "def after_monitoring(launch_accuracy, live_accuracy, max_drop):\n"
        "    if live_accuracy < launch_accuracy - max_drop:\n        return 'Data Collection'\n"
        "    return 'Monitoring'"),
]  # fmt: skip

NEXT = "def next_stage(stage):\n    position = stages.index(stage)\n"
EVALUATE = "def after_evaluation(accuracy, baseline):\n"
MONITOR = "def after_monitoring(launch_accuracy, live_accuracy, max_drop):\n"

WRONG = [
    # step 1: a stage left out, two stages swapped, a capital lost, a tuple
    (1, STAGES.join(["stages = ", ""]).replace("'Problem Definition', ", ""),
     "stages should have 7 items; yours has 6: 'Problem Definition' is missing"),
    (1, "stages = " + STAGES.replace("'Model Training', 'Model Evaluation'",
                                     "'Model Evaluation', 'Model Training'"),
     "stages[3]: expected 'Model Training', found 'Model Evaluation'"),
    (1, "stages = " + STAGES.replace("'Monitoring'", "'monitoring'"),
     "check upper and lower case"),
    (1, f"stages = tuple({STAGES})", "stages: expected a list, got a tuple"),
    # step 2: no wrap-around, wraps to the very start, off by one, print instead of return
    (2, NEXT + "    return stages[position + 1]",
     "the loop goes back to 'Data Collection' (raised IndexError"),
    (2, NEXT + "    return stages[(position + 1) % len(stages)]",
     "after 'Monitoring' the loop goes back to 'Data Collection'"),
    (2, NEXT + "    if stage == 'Monitoring':\n        return 'Data Collection'\n"
        "    return stages[position]",
     "next_stage('Data Preparation'): expected 'Model Training', found 'Data Preparation'"),
    (2, NEXT + "    if stage == 'Monitoring':\n        print('Data Collection')\n"
        "    else:\n        print(stages[position + 1])",
     "use return"),
    # step 3: >= lets a tie through, the comparison the wrong way round, True/False
    (3, EVALUATE + "    if accuracy >= baseline:\n        return 'Model Deployment'\n"
        "    return 'Model Training'",
     "a model that only ties the baseline goes back to 'Model Training'"),
    (3, EVALUATE + "    if accuracy < baseline:\n        return 'Model Deployment'\n"
        "    return 'Model Training'",
     "after_evaluation(0.91, 0.88): expected 'Model Deployment', found 'Model Training'"),
    (3, EVALUATE + "    return accuracy > baseline",
     "after_evaluation(0.91, 0.88): expected a string, got True or False"),
    # step 4: abs() turns an improvement into a drop, >= at the limit, subtraction reversed
    (4, MONITOR + "    if abs(launch_accuracy - live_accuracy) > max_drop:\n"
        "        return 'Data Collection'\n    return 'Monitoring'",
     "the live accuracy went up, which is not a drop"),
    (4, MONITOR + "    if launch_accuracy - live_accuracy >= max_drop:\n"
        "        return 'Data Collection'\n    return 'Monitoring'",
     "a drop of exactly max_drop is still fine"),
    (4, MONITOR + "    if live_accuracy - launch_accuracy > max_drop:\n"
        "        return 'Data Collection'\n    return 'Monitoring'",
     "after_monitoring(90, 84, 5): expected 'Data Collection', found 'Monitoring'"),
]  # fmt: skip

# The examples the instructions give, as the reference solutions compute them.
EXAMPLES = [
    (2, "next_stage('Problem Definition') == 'Data Collection'"),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
