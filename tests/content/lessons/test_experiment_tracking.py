"""experiment-tracking (track position 5): the reference and other right answers pass
every step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "experiment-tracking"

LOG = "runs = []\n\ndef log_run(run_id, params, metrics):\n"
RUN_1 = "log_run('run-1', {'learning_rate': 0.1, 'epochs': 5}, {'accuracy': 0.82, 'loss': 0.51})\n"
RUN_2 = (
    "log_run('run-2', {'learning_rate': 0.01, 'epochs': 10}, {'accuracy': 0.91, 'loss': 0.32})\n"
)
RUN_3 = (
    "log_run('run-3', {'learning_rate': 0.001, 'epochs': 10}, {'accuracy': 0.87, 'loss': 0.29})\n"
)
RUN_4 = (
    "log_run('run-4', {'learning_rate': 0.01, 'epochs': 20}, {'accuracy': 0.89, 'loss': 0.35})\n"
)
GAIN = "accuracy_gain = runs[1]['metrics']['accuracy'] - runs[0]['metrics']['accuracy']\n"
BEST = "def best_run(runs, metric, goal):\n"
BOARD = "def leaderboard(runs, metric, goal):\n"
PICK = "def pick_for_release(runs, max_loss):\n"
KEY = "key=lambda run: run['metrics'][metric]"

RIGHT = [
    (1, LOG + "    runs.append({'run_id': run_id, 'params': params, 'metrics': metrics})\n"
        "    return runs[-1]"),
    (2, RUN_1 + RUN_2 + RUN_3 + RUN_4 + "accuracy_gain = 0.91 - 0.82"),
    (3, BEST + "    best = None\n    for run in runs:\n        value = run['metrics'][metric]\n"
        "        if best is None:\n            best = run\n"
        "        elif goal == 'max' and value > best['metrics'][metric]:\n            best = run\n"
        "        elif goal == 'min' and value < best['metrics'][metric]:\n            best = run\n"
        "    return best['run_id'] if best else None"),
    (4, BOARD + "    if goal == 'max':\n"
        f"        ordered = sorted(runs, {KEY}, reverse=True)\n"
        "    else:\n"
        f"        ordered = sorted(runs, {KEY})\n"
        "    ids = []\n    for run in ordered:\n        ids.append(run['run_id'])\n    return ids"),
    (5, PICK + "    best = None\n    for run in runs:\n"
        "        if run['metrics']['loss'] > max_loss:\n            continue\n"
        "        if best is None or run['metrics']['accuracy'] > best['metrics']['accuracy']:\n"
        "            best = run\n"
        "    return None if best is None else best['run_id']"),
]  # fmt: skip

WRONG = [
    # step 1: the run never appended, printed instead of returned, a key misspelt
    (1, LOG + "    return {'run_id': run_id, 'params': params, 'metrics': metrics}",
     "log_run must also append the new run to the list runs"),
    (1, LOG + "    run = {'run_id': run_id, 'params': params, 'metrics': metrics}\n"
        "    runs.append(run)\n    print(run)",
     "expected a dictionary, got None"),
    (1, LOG + "    run = {'run_id': run_id, 'params': params, 'metric': metrics}\n"
        "    runs.append(run)\n    return run",
     "missing 'metrics'"),
    # step 2: a run forgotten, run-1 logged twice, the gain the wrong way round, swapped args
    (2, RUN_1 + RUN_2 + RUN_3 + GAIN,
     "runs should hold exactly four runs, run-1 to run-4, each logged once"),
    (2, RUN_1 + RUN_1 + RUN_2 + RUN_3 + RUN_4 + GAIN,
     "runs should hold exactly four runs, run-1 to run-4, each logged once"),
    (2, RUN_1 + RUN_2 + RUN_3 + RUN_4
        + "accuracy_gain = runs[0]['metrics']['accuracy'] - runs[1]['metrics']['accuracy']",
     "accuracy_gain is run-2's accuracy minus run-1's accuracy"),
    (2, RUN_1 + RUN_2 + RUN_4 + RUN_3 + GAIN,
     "runs[2]['run_id']: expected 'run-3', found 'run-4'"),
    # step 3: max for every goal, the whole run returned, the last of a tie, no empty case
    (3, BEST + "    if not runs:\n        return None\n"
        f"    return max(runs, {KEY})['run_id']",
     "for goal 'min' the lowest value wins: lower loss is better"),
    (3, BEST + "    if not runs:\n        return None\n"
        f"    pick = max if goal == 'max' else min\n    return pick(runs, {KEY})",
     "'accuracy', 'max'): expected a string, got a dictionary"),
    (3, BEST + "    if not runs:\n        return None\n    best = runs[0]\n    for run in runs:\n"
        "        better = run['metrics'][metric] >= best['metrics'][metric]\n"
        "        if goal == 'min':\n"
        "            better = run['metrics'][metric] <= best['metrics'][metric]\n"
        "        if better:\n            best = run\n    return best['run_id']",
     "when two runs tie, the one logged first wins"),
    (3, BEST + f"    pick = max if goal == 'max' else min\n    return pick(runs, {KEY})['run_id']",
     "with no runs there is no best run, so return None (raised ValueError"),
    # step 4: a flipped ascending list, the goal ignored, runs instead of their ids
    (4, BOARD + f"    ordered = sorted(runs, {KEY})\n    if goal == 'max':\n"
        "        ordered = ordered[::-1]\n    return [run['run_id'] for run in ordered]",
     "tied runs keep the order they were logged in; use reverse=True"),
    (4, BOARD + f"    ordered = sorted(runs, {KEY}, reverse=True)\n"
        "    return [run['run_id'] for run in ordered]",
     "for goal 'min' the lowest value comes first: lower loss is better"),
    (4, BOARD + f"    return sorted(runs, {KEY}, reverse=(goal == 'max'))",
     "'accuracy', 'max')[0]: expected a string, got a dictionary"),
    # step 5: < at the limit, max() of an empty list, the lowest loss picked instead
    (5, PICK + "    allowed = [run for run in runs if run['metrics']['loss'] < max_loss]\n"
        "    return best_run(allowed, 'accuracy', 'max')",
     "a loss exactly equal to max_loss meets the limit (use <=)"),
    (5, PICK + "    allowed = [run for run in runs if run['metrics']['loss'] <= max_loss]\n"
        "    return max(allowed, key=lambda run: run['metrics']['accuracy'])['run_id']",
     "when no run meets the limit, return None (raised ValueError"),
    (5, PICK + "    allowed = [run for run in runs if run['metrics']['loss'] <= max_loss]\n"
        "    return best_run(allowed, 'loss', 'min')",
     "'loss': 0.3}}], 0.5): expected 'p', found 'q'"),
]  # fmt: skip

# The examples the instructions give, as the reference solutions compute them.
EXAMPLES = [
    (1, "log_run('run-0', {'epochs': 1}, {'accuracy': 0.5}) == "
        "{'run_id': 'run-0', 'params': {'epochs': 1}, 'metrics': {'accuracy': 0.5}} "
        "and runs[-1]['run_id'] == 'run-0'"),
    (3, "best_run(runs, 'accuracy', 'max') == 'run-2'"),
    (3, "best_run(runs, 'loss', 'min') == 'run-3'"),
    (4, "leaderboard(runs, 'accuracy', 'max') == ['run-2', 'run-4', 'run-3', 'run-1']"),
    (5, "pick_for_release(runs, 0.33) == 'run-2' and pick_for_release(runs, 0.30) == 'run-3'"),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
