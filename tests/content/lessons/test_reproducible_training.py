"""reproducible-training (track position 4): the reference and other right answers pass
every step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "reproducible-training"

DRAWS = "import random\n\ndef draws(seed, n):\n"
POINTS = (
    "points = [[1, 3.1], [2, 4.9], [3, 7.2], [4, 8.8], [5, 11.1], [6, 13.0], [7, 14.8], "
    "[8, 17.2]]\n"
)
SPLIT = POINTS + "def split_rows(rows, test_share, seed):\n"
SPLIT_CALL = "split = split_rows(points, 0.25, 42)\n"
FIT = "import statistics\n\ndef fit_line(rows):\n"
XS_YS = "    xs = [row[0] for row in rows]\n    ys = [row[1] for row in rows]\n"
MAE = "def mae(model, rows):\n    total = 0\n    for x, y in rows:\n"
PREDICTION = "        prediction = model['slope'] * x + model['intercept']\n"
SCORE = "def train_and_score(rows, seed):\n"

RIGHT = [
    (1, DRAWS + "    rng = random.Random(seed)\n    numbers = []\n    for _ in range(n):\n"
        "        numbers.append(rng.randint(1, 100))\n    return numbers"),
    (1, DRAWS + "    random.seed(seed)\n    return [random.randint(1, 100) for _ in range(n)]"),
    (2, SPLIT + "    random.seed(seed)\n    shuffled = rows[:]\n    random.shuffle(shuffled)\n"
        "    n_test = int(len(shuffled) * test_share)\n"
        "    test = shuffled[:n_test]\n    train = shuffled[n_test:]\n"
        "    return {'train': train, 'test': test}\n" + SPLIT_CALL),
    (3, FIT + XS_YS + "    n = len(rows)\n    mx = sum(xs) / n\n    my = sum(ys) / n\n"
        "    top = sum((x - mx) * (y - my) for x, y in zip(xs, ys))\n"
        "    slope = top / sum((x - mx) ** 2 for x in xs)\n"
        "    return {'slope': slope, 'intercept': my - slope * mx}\n"
        "model = fit_line(split['train'])"),
    (4, "def mae(model, rows):\n    errors = [abs(model['slope'] * x + model['intercept'] - y)"
        " for x, y in rows]\n    return sum(errors) / len(errors)\n"
        "test_error = mae(model, split['test'])"),
    (5, SCORE + "    return mae(fit_line(split_rows(rows, 0.25, seed)['train']),"
        " split_rows(rows, 0.25, seed)['test'])"),
]  # fmt: skip

WRONG = [
    # step 1: no seed at all, one generator for every seed, a new generator for every draw
    (1, DRAWS + "    return [random.randint(1, 100) for _ in range(n)]",
     "draws(7, 3): use a generator made with random.Random(seed) inside the function"),
    (1, "import random\nrng = random.Random(42)\n\ndef draws(seed, n):\n"
        "    return [rng.randint(1, 100) for _ in range(n)]",
     "draws(7, 3): use a generator made with random.Random(seed)"),
    (1, DRAWS + "    return [random.Random(seed).randint(1, 100) for _ in range(n)]",
     "expected 20, found 42"),
    # step 2: the caller's list shuffled, train and test swapped, the shared generator
    (2, SPLIT + "    random.Random(seed).shuffle(rows)\n    n_test = int(len(rows) * test_share)\n"
        "    return {'train': rows[n_test:], 'test': rows[:n_test]}\n" + SPLIT_CALL,
     "points changed order; shuffle a copy made with list(rows), not the caller's list"),
    (2, SPLIT + "    shuffled = list(rows)\n    random.Random(seed).shuffle(shuffled)\n"
        "    n_test = int(len(rows) * test_share)\n"
        "    return {'train': shuffled[:n_test], 'test': shuffled[n_test:]}\n" + SPLIT_CALL,
     "should have 7 items; yours has 3"),
    (2, SPLIT + "    shuffled = list(rows)\n    random.shuffle(shuffled)\n"
        "    n_test = int(len(rows) * test_share)\n"
        "    return {'train': shuffled[n_test:], 'test': shuffled[:n_test]}\n" + SPLIT_CALL,
     "split_rows(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], 0.3, 1)['train']"),
    # step 3: fitted on every point, slope and intercept swapped, x and y swapped
    (3, FIT + XS_YS + "    slope, intercept = statistics.linear_regression(xs, ys)\n"
        "    return {'slope': slope, 'intercept': intercept}\nmodel = fit_line(points)",
     "fit the model on split['train'] only; the test rows must stay unseen"),
    (3, FIT + XS_YS + "    intercept, slope = statistics.linear_regression(xs, ys)\n"
        "    return {'slope': slope, 'intercept': intercept}\nmodel = fit_line(split['train'])",
     "fit_line([[1, 2.0], [2, 2.5], [4, 4.1]])['slope']: expected 0.7142857142857143, found 1.2"),
    (3, FIT + XS_YS + "    slope, intercept = statistics.linear_regression(ys, xs)\n"
        "    return {'slope': slope, 'intercept': intercept}\nmodel = fit_line(split['train'])",
     "fit_line([[1, 2.0], [2, 2.5], [4, 4.1]])['slope']: expected 0.7142857142857143"),
    # step 4: no abs(), the total instead of the mean, measured on the training rows
    (4, MAE + PREDICTION + "        total += prediction - y\n    return total / len(rows)\n"
        "test_error = mae(model, split['test'])",
     "do not cancel out, then divide by len(rows) (expected 1.0, found 0.0)"),
    (4, MAE + PREDICTION + "        total += abs(prediction - y)\n    return total\n"
        "test_error = mae(model, split['test'])",
     "then divide by len(rows) (expected 1.0, found 2)"),
    (4, MAE + PREDICTION + "        total += abs(prediction - y)\n    return total / len(rows)\n"
        "test_error = mae(model, split['train'])",
     "test_error should be mae(model, split['test']), the error on the test rows"),
    # step 5: the earlier split reused, the seed fixed at 42, the score taken on the train rows
    (5, SCORE + "    return mae(fit_line(split['train']), split['test'])",
     "split the rows you are given with the seed you are given"),
    (5, SCORE + "    parts = split_rows(rows, 0.25, 42)\n"
        "    return mae(fit_line(parts['train']), parts['test'])",
     "train_and_score([[1, 3.1], [2, 4.9]"),
    (5, SCORE + "    parts = split_rows(rows, 0.25, seed)\n"
        "    return mae(fit_line(parts['train']), parts['train'])",
     "split the rows you are given with the seed you are given, fit on the train part, "
     "and score on the test part"),
]  # fmt: skip

# The examples the instructions give, as the reference solutions compute them.
EXAMPLES = [
    (1, 'draws(42, 3) == [82, 15, 4] and draws(42, 0) == []'),
    (2, "split_rows(['a', 'b', 'c', 'd'], 0.5, 3) == {'train': ['c', 'b'], 'test': ['d', 'a']}"),
    (3, "fit_line([[0, 1], [1, 3], [2, 5]]) == {'slope': 2.0, 'intercept': 1.0}"),
    (4, "mae({'slope': 2, 'intercept': 1}, [[1, 4], [3, 6]]) == 1.0"),
    (5, 'train_and_score(points, 42) == test_error == train_and_score(points, 42)'),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
