"""ci-cd-retraining (track position 9): the reference and other right answers pass every
step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "ci-cd-retraining"

REASONS = (
    "MAX_DAYS = 30\nMAX_PSI = 0.25\nMAX_MAE = 12.0\n\n"
    "def retrain_reasons(status):\n    reasons = []\n"
)
SCHEDULE = "    if status['days_since_training'] >= MAX_DAYS:\n        reasons.append('schedule')\n"
DRIFT = "    if status['psi'] >= MAX_PSI:\n        reasons.append('drift')\n"
PERFORMANCE = "        reasons.append('performance')\n    return reasons"
CHECKS = "MAX_LATENCY_MS = 100\n\ndef ci_checks(candidate):\n    failed = []\n"
TESTS = "    if not candidate['tests_passed']:\n        failed.append('tests')\n"
DEPLOY = "MIN_GAIN = 0.5\n\ndef should_deploy(candidate, champion):\n"
CI_FIRST = "    if ci_checks(candidate):\n        return False\n"
NO_CHAMPION = "    if champion is None:\n        return True\n"
PIPELINE = (
    "this_week = {'days_since_training': 12, 'psi': 0.31, 'live_mae': 12.6}\n"
    "candidate = {'version': 6, 'tests_passed': True, 'mae': 10.8, 'latency_ms': 42}\n"
    "champion = {'version': 5, 'tests_passed': True, 'mae': 11.6, 'latency_ms': 38}\n\n"
    "def run_pipeline(status, candidate, champion):\n"
)
SKIP = "    if not retrain_reasons(status):\n        return 'skip'\n"
REJECT = "    if ci_checks(candidate):\n        return 'reject'\n"
ACTION = "\n\naction = run_pipeline(this_week, candidate, champion)"
CANARY = "import statistics\n\ndef canary_decision(champion_mae, canary_maes):\n"
WAIT = "    if len(canary_maes) < 3:\n        return 'wait'\n"

RIGHT = [
    # a falsy live_mae (None) skips the comparison just as `is not None` does
    (1, REASONS + SCHEDULE + DRIFT +
        "    if status['live_mae'] and status['live_mae'] > MAX_MAE:\n" + PERFORMANCE),
    (1, "MAX_DAYS = 30\nMAX_PSI = 0.25\nMAX_MAE = 12.0\n\ndef retrain_reasons(status):\n"
        "    mae = status['live_mae']\n    fired = {\n"
        "        'schedule': status['days_since_training'] >= MAX_DAYS,\n"
        "        'drift': status['psi'] >= MAX_PSI,\n"
        "        'performance': mae is not None and mae > MAX_MAE,\n    }\n"
        "    return [reason for reason, on in fired.items() if on]"),
    (2, "MAX_LATENCY_MS = 100\n\ndef ci_checks(candidate):\n    return [name for name, bad in [\n"
        "        ('tests', candidate['tests_passed'] is not True),\n"
        "        ('mae', candidate['mae'] > MAX_MAE),\n"
        "        ('latency', candidate['latency_ms'] > MAX_LATENCY_MS),\n    ] if bad]"),
    (3, DEPLOY + "    if len(ci_checks(candidate)) > 0:\n        return False\n"
        "    if champion is not None and champion['mae'] - candidate['mae'] < MIN_GAIN:\n"
        "        return False\n    return True"),
    (4, PIPELINE + SKIP + REJECT +
        "    return 'deploy' if should_deploy(candidate, champion) else 'keep champion'"
        + ACTION),
    (5, CANARY + WAIT + "    average = sum(canary_maes) / len(canary_maes)\n"
        "    return 'promote' if average <= champion_mae else 'rollback'"),
]  # fmt: skip

WRONG = [
    # step 1: elif, no None check, > at every limit, >= at every limit, a bool
    (1, REASONS + SCHEDULE + DRIFT.replace("    if", "    elif") +
        "    elif status['live_mae'] is not None and status['live_mae'] > MAX_MAE:\n"
        + PERFORMANCE,
     "several triggers can fire at once: test each one with its own if and add every reason"),
    (1, REASONS + SCHEDULE + DRIFT + "    if status['live_mae'] > MAX_MAE:\n" + PERFORMANCE,
     "live_mae is None until true prices arrive: then there is no performance reason (and "
     "None cannot be compared with a number) (raised TypeError"),
    (1, REASONS + SCHEDULE.replace(">=", ">") + DRIFT.replace(">=", ">") +
        "    if status['live_mae'] is not None and status['live_mae'] > MAX_MAE:\n"
        + PERFORMANCE,
     "the limits themselves trigger for the schedule and the drift (use >=)"),
    (1, REASONS + SCHEDULE + DRIFT +
        "    if status['live_mae'] is not None and status['live_mae'] >= MAX_MAE:\n"
        + PERFORMANCE,
     "but an error of exactly MAX_MAE is still fine (use >) (should have 2 items; yours has "
     "3: 'performance' should not be there)"),
    (1, REASONS + "    return status['days_since_training'] >= MAX_DAYS "
        "or status['psi'] >= MAX_PSI",
     "expected a list, got True or False (bool)"),
    # step 2: elif, >= at the limits, the tests check upside down, passed checks listed
    (2, CHECKS + TESTS + "    elif candidate['mae'] > MAX_MAE:\n        failed.append('mae')\n"
        "    elif candidate['latency_ms'] > MAX_LATENCY_MS:\n"
        "        failed.append('latency')\n    return failed",
     "report every failed check, in the order tests, mae, latency, not only the first one"),
    (2, CHECKS + TESTS + "    if candidate['mae'] >= MAX_MAE:\n        failed.append('mae')\n"
        "    if candidate['latency_ms'] >= MAX_LATENCY_MS:\n"
        "        failed.append('latency')\n    return failed",
     "a value exactly at its limit still passes (use >, not >=)"),
    (2, CHECKS + "    if candidate['tests_passed']:\n        failed.append('tests')\n"
        "    if candidate['mae'] > MAX_MAE:\n        failed.append('mae')\n"
        "    if candidate['latency_ms'] > MAX_LATENCY_MS:\n"
        "        failed.append('latency')\n    return failed",
     "should have 0 items; yours has 1: 'tests' should not be there"),
    (2, CHECKS + "    if candidate['tests_passed']:\n        failed.append('tests')\n"
        "    if candidate['mae'] <= MAX_MAE:\n        failed.append('mae')\n"
        "    if candidate['latency_ms'] <= MAX_LATENCY_MS:\n"
        "        failed.append('latency')\n    return failed",
     "should have 0 items; yours has 3: 'tests' should not be there"),
    # step 3: CI ignored, no margin, < at the margin, no champion read, higher error wins,
    # no champion refused
    (3, DEPLOY + NO_CHAMPION + "    return candidate['mae'] <= champion['mae'] - MIN_GAIN",
     "a candidate that fails a CI check is never deployed, however low its error (expected "
     "False, found True)"),
    (3, DEPLOY + CI_FIRST + NO_CHAMPION + "    return candidate['mae'] < champion['mae']",
     "'mae': 11.4, 'latency_ms': 40}, {'version': 5, 'tests_passed': True, 'mae': 11.6, "
     "'latency_ms': 38}): expected False, found True"),
    (3, DEPLOY + CI_FIRST + NO_CHAMPION +
        "    return candidate['mae'] < champion['mae'] - MIN_GAIN",
     "an improvement of exactly MIN_GAIN is enough (use <=) (expected True, found False)"),
    (3, DEPLOY + CI_FIRST + "    return candidate['mae'] <= champion['mae'] - MIN_GAIN",
     "with no champion (None) there is nothing to beat, so a candidate that passes CI is "
     "deployed (raised TypeError: 'NoneType' object is not subscriptable)"),
    (3, DEPLOY + CI_FIRST + NO_CHAMPION +
        "    return candidate['mae'] >= champion['mae'] + MIN_GAIN",
     "'mae': 10.2, 'latency_ms': 40}, {'version': 5, 'tests_passed': True, 'mae': 11.6, "
     "'latency_ms': 38}): expected True, found False"),
    (3, DEPLOY + "    if ci_checks(candidate) or champion is None:\n        return False\n"
        "    return candidate['mae'] <= champion['mae'] - MIN_GAIN",
     "with no champion (None) there is nothing to beat, so a candidate that passes CI is "
     "deployed (expected True, found False)"),
    # step 4: no skip, CI left to should_deploy, the skip test upside down, no action,
    # a different word
    (4, PIPELINE + REJECT +
        "    if should_deploy(candidate, champion):\n        return 'deploy'\n"
        "    return 'keep champion'" + ACTION,
     "with no reason to retrain the pipeline does nothing, whatever the candidate looks like "
     "(expected 'skip', found 'deploy')"),
    (4, PIPELINE + SKIP +
        "    if should_deploy(candidate, champion):\n        return 'deploy'\n"
        "    return 'keep champion'" + ACTION,
     "test ci_checks before should_deploy (expected 'reject', found 'keep champion')"),
    (4, PIPELINE + "    if retrain_reasons(status):\n        return 'skip'\n" + REJECT +
        "    if should_deploy(candidate, champion):\n        return 'deploy'\n"
        "    return 'keep champion'" + ACTION,
     "expected 'deploy', found 'skip'"),
    (4, PIPELINE + SKIP + REJECT +
        "    if should_deploy(candidate, champion):\n        return 'deploy'\n"
        "    return 'keep champion'",
     "action is not defined"),
    (4, PIPELINE + SKIP + REJECT +
        "    if should_deploy(candidate, champion):\n        return 'deploy'\n"
        "    return 'keep'" + ACTION,
     "expected 'keep champion', found 'keep'"),
    # step 5: no wait, the last or first measurement, < at a tie, a fourth measurement
    # required, a single bad batch
    (5, CANARY + "    if statistics.mean(canary_maes) <= champion_mae:\n"
        "        return 'promote'\n    return 'rollback'",
     "canary_decision(11.0, [10.2, 10.4]): with fewer than 3 measurements it is too early to "
     "judge, so return 'wait' (expected 'wait', found 'promote')"),
    (5, CANARY + WAIT + "    if canary_maes[-1] <= champion_mae:\n"
        "        return 'promote'\n    return 'rollback'",
     "canary_decision(11.0, [13.5, 10.5, 10.5]): judge the mean of all the measurements, not "
     "one of them (expected 'rollback', found 'promote')"),
    (5, CANARY + WAIT + "    if canary_maes[0] <= champion_mae:\n"
        "        return 'promote'\n    return 'rollback'",
     "canary_decision(11.0, [11.4, 10.2, 10.3]): judge the mean of all the measurements"),
    (5, CANARY + WAIT + "    if statistics.mean(canary_maes) < champion_mae:\n"
        "        return 'promote'\n    return 'rollback'",
     "a canary exactly as good as the champion is promoted (use <=)"),
    (5, CANARY + "    if len(canary_maes) <= 3:\n        return 'wait'\n"
        "    if statistics.mean(canary_maes) <= champion_mae:\n"
        "        return 'promote'\n    return 'rollback'",
     "canary_decision(11.0, [10.9, 11.3, 10.6]): expected 'promote', found 'wait'"),
    (5, CANARY + WAIT + "    for mae in canary_maes:\n        if mae > champion_mae:\n"
        "            return 'rollback'\n    return 'promote'",
     "canary_decision(11.0, [10.9, 11.3, 10.6]): expected 'promote', found 'rollback'"),
]  # fmt: skip

EXAMPLES = [
    (1, "retrain_reasons({'days_since_training': 12, 'psi': 0.31, 'live_mae': 12.6}) "
        "== ['drift', 'performance']"),
    (2, "ci_checks({'version': 6, 'tests_passed': True, 'mae': 10.8, 'latency_ms': 42}) == []"),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
