"""monitoring-drift (track position 8): the reference and other right answers pass every
step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "monitoring-drift"

DATA = (
    "import statistics\n\n"
    "training_areas = [35, 42, 48, 51, 55, 58, 60, 62, 64, 67, 70, 72, 75, 78, 81, 85, 90, "
    "96, 104, 118]\n"
    "live_areas = [18, 22, 24, 25, 27, 28, 30, 31, 33, 35, 38, 40, 44, 47, 52, 58, 63, 70, "
    "85, 96]\n\n"
    "def mean_shift(reference, current):\n"
)
AREA_SHIFT = "\n\narea_shift = mean_shift(training_areas, live_areas)"
MOVE = "statistics.mean(current) - statistics.mean(reference)"
BINS = (
    "def bin_shares(values, edges):\n    counts = [0] * (len(edges) + 1)\n"
    "    for value in values:\n        i = 0\n"
)
COUNT = "            i += 1\n        counts[i] += 1\n"
SHARES = "    return [count / len(values) for count in counts]"
EMPTY = "    if not values:\n        return [0.0] * len(counts)\n"
PSI = "import math\n\ndef psi(expected, actual):\n    total = 0.0\n"
PAIRS = "    for e, a in zip(expected, actual):\n"
FLOOR = "        e = max(e, 0.0001)\n        a = max(a, 0.0001)\n"
LEVEL = "def drift_level(value):\n"
FEATURES = (
    "training_rooms = [1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 2, 3, 4, 3, 2]\n"
    "live_rooms = [2, 1, 2, 3, 3, 2, 3, 4, 3, 4, 5, 4, 3, 2, 4, 3, 3, 4, 2, 3]\n"
    "features = [\n    ('area_m2', training_areas, live_areas, [40, 60, 80]),\n"
    "    ('rooms', training_rooms, live_rooms, [2, 3, 4]),\n]\n\n"
    "def check_feature(name, reference, current, edges):\n"
    "    value = psi(bin_shares(reference, edges), bin_shares(current, edges))\n"
    "    level = drift_level(value)\n"
)
ALERT = "f'{level} drift in {name}: PSI {value:.2f}'"
LOOP = "\nfor name, reference, current, edges in features:\n"
PRINT_ALERTS = (
    LOOP + "    alert = check_feature(name, reference, current, edges)\n"
    "    if alert:\n        print(alert)"
)

RIGHT = [
    (1, DATA + "    move = statistics.mean(current) - statistics.mean(reference)\n"
        "    spread = statistics.stdev(reference)\n    return move / spread" + AREA_SHIFT),
    (2, "import bisect\n\ndef bin_shares(values, edges):\n    counts = [0] * (len(edges) + 1)\n"
        "    for value in values:\n        counts[bisect.bisect_right(edges, value)] += 1\n"
        "    return [count / len(values) if values else 0.0 for count in counts]"),
    (3, "import math\n\ndef psi(expected, actual):\n    return sum(\n"
        "        (max(a, 0.0001) - max(e, 0.0001)) * math.log(max(a, 0.0001) / max(e, 0.0001))\n"
        "        for e, a in zip(expected, actual)\n    )"),
    (4, LEVEL + "    if value >= 0.25:\n        return 'significant'\n"
        "    elif value >= 0.1:\n        return 'moderate'\n    else:\n        return 'stable'"),
    # the PSI is symmetric, so taking the live shares as the expected ones gives the same value
    (5, FEATURES.replace("bin_shares(reference, edges), bin_shares(current, edges)",
                         "bin_shares(current, edges), bin_shares(reference, edges)")
        + "    if level == 'stable':\n        return None\n    return " + ALERT + "\n"
        + PRINT_ALERTS),
    (5, FEATURES + "    if level != 'stable':\n        return " + ALERT + "\n"
        + LOOP + "    if check_feature(name, reference, current, edges) is not None:\n"
        "        print(check_feature(name, reference, current, edges))"),
]  # fmt: skip

WRONG = [
    # step 1: reversed, abs(), pstdev, the spread of current, a missing bracket, swapped call
    (1, DATA + "    return (statistics.mean(reference) - statistics.mean(current)) "
        "/ statistics.stdev(reference)" + AREA_SHIFT,
     "mean_shift([10, 20, 30], [40, 50, 60]): expected 3.0, found -3.0"),
    (1, DATA + f"    return abs({MOVE}) / statistics.stdev(reference)" + AREA_SHIFT,
     "the shift is the mean of current minus the mean of reference, so it is negative when "
     "the live values are smaller (expected -3.0, found 3.0)"),
    (1, DATA + f"    return ({MOVE}) / statistics.pstdev(reference)" + AREA_SHIFT,
     "mean_shift([10, 20, 30], [40, 50, 60]): expected 3.0, found 3.674234614174767"),
    (1, DATA + f"    return ({MOVE}) / statistics.stdev(current)" + AREA_SHIFT,
     "divide by statistics.stdev(reference), the spread of the reference data"),
    (1, DATA + f"    return {MOVE} / statistics.stdev(reference)" + AREA_SHIFT,
     "mean_shift([10, 20, 30], [40, 50, 60]): expected 3.0, found 48.0"),
    (1, DATA + f"    return ({MOVE}) / statistics.stdev(reference)\n\n"
        "area_shift = mean_shift(live_areas, training_areas)",
     "area_shift: expected -1.2959227295024558, found 1.268637719088397"),
    # step 2: > at the edges, counts instead of shares, an empty list divided, no last bin
    (2, BINS + "        while i < len(edges) and value > edges[i]:\n" + COUNT + EMPTY + SHARES,
     "bin_shares([1, 2, 3], [2])[0]: expected 0.3333333333333333, found 0.6666666666666666"),
    (2, BINS + "        while i < len(edges) and value >= edges[i]:\n" + COUNT
        + "    return counts",
     "bin_shares([35, 42, 58, 61, 75, 99, 120, 15], [40, 60, 80])[0]: expected 0.25, found 2"),
    (2, BINS + "        while i < len(edges) and value >= edges[i]:\n" + COUNT + SHARES,
     "bin_shares([], [40, 60, 80]): with no values there is nothing to divide by; return 0.0 "
     "for every bin (raised ZeroDivisionError: division by zero)"),
    (2, "def bin_shares(values, edges):\n    counts = [0] * (len(edges) + 1)\n"
        "    for value in values:\n        for i, edge in enumerate(edges):\n"
        "            if value < edge:\n                counts[i] += 1\n                break\n"
        + EMPTY + SHARES,
     "bin_shares([35, 42, 58, 61, 75, 99, 120, 15], [40, 60, 80])[3]: expected 0.25, found 0.0"),
    # step 3: no floor, the log upside down, return inside the loop, min for max,
    # only one side floored
    (3, PSI + PAIRS + "        total += (a - e) * math.log(a / e)\n    return total",
     "psi([0.2, 0.8], [0.0, 1.0]): a share of 0 breaks the PSI (a / e divides by it, "
     "math.log(0) fails): raise every share, expected and actual, to at least 0.0001 with "
     "max(share, 0.0001) before you use it (raised ValueError: math domain error)"),
    (3, PSI + PAIRS + FLOOR + "        total += (a - e) * math.log(e / a)\n    return total",
     "psi([0.6, 0.4], [0.4, 0.6]): expected 0.1621860432432657, found -0.1621860432432657"),
    (3, PSI + PAIRS + FLOOR + "        total += (a - e) * math.log(a / e)\n        return total",
     "psi([0.6, 0.4], [0.4, 0.6]): expected 0.1621860432432657, found 0.08109302162163284"),
    (3, PSI + PAIRS + "        e = min(e, 0.0001)\n        a = min(a, 0.0001)\n"
        "        total += (a - e) * math.log(a / e)\n    return total",
     "psi([0.6, 0.4], [0.4, 0.6]): expected 0.1621860432432657, found 0.0"),
    (3, PSI + PAIRS + "        a = max(a, 0.0001)\n"
        "        total += (a - e) * math.log(a / e)\n    return total",
     "psi([0.0, 1.0], [0.0, 1.0]): a share of 0 breaks the PSI"),
    # step 4: <= at the limits, the wider test first, capitals, percentages
    (4, LEVEL + "    if value <= 0.1:\n        return 'stable'\n    if value <= 0.25:\n"
        "        return 'moderate'\n    return 'significant'",
     "drift_level(0.1): a PSI of exactly 0.1 is already moderate, and exactly 0.25 is already "
     "significant (compare with <, not <=) (expected 'moderate', found 'stable')"),
    (4, LEVEL + "    if value < 0.25:\n        return 'moderate'\n    if value < 0.1:\n"
        "        return 'stable'\n    return 'significant'",
     "drift_level(0.03): expected 'stable', found 'moderate'"),
    (4, LEVEL + "    if value < 0.1:\n        return 'Stable'\n    if value < 0.25:\n"
        "        return 'Moderate'\n    return 'Significant'",
     "drift_level(0.03): expected 'stable', found 'Stable' (check upper and lower case)"),
    (4, LEVEL + "    if value < 10:\n        return 'stable'\n    if value < 25:\n"
        "        return 'moderate'\n    return 'significant'",
     "drift_level(0.17): expected 'moderate', found 'stable'"),
    # step 5: not rounded, an alert for a stable feature, None printed, nothing printed,
    # printed instead of returned
    (5, FEATURES + "    if level == 'stable':\n        return None\n"
        "    return f'{level} drift in {name}: PSI {value}'\n" + PRINT_ALERTS,
     "expected 'significant drift in area_m2: PSI 4.46', "
     "found 'significant drift in area_m2: PSI 4.45976434056003'"),
    (5, FEATURES + "    return " + ALERT + "\n" + PRINT_ALERTS,
     "a stable feature gets no alert, so return None (expected None, got a string)"),
    (5, FEATURES + "    if level == 'stable':\n        return None\n    return " + ALERT + "\n"
        + LOOP + "    print(check_feature(name, reference, current, edges))",
     "print one line, 'significant drift in area_m2: PSI 1.83': rooms is stable, so nothing "
     "is printed for it"),
    (5, FEATURES + "    if level == 'stable':\n        return None\n    return " + ALERT,
     "print one line, 'significant drift in area_m2: PSI 1.83'"),
    (5, FEATURES + "    if level != 'stable':\n        print(" + ALERT + ")\n"
        + LOOP + "    check_feature(name, reference, current, edges)",
     "expected a string, got None (it printed 'significant drift in area_m2: PSI 4.46' — use "
     "return to give it back)"),
]  # fmt: skip

EXAMPLES = [
    (1, "round(area_shift, 1) == -1.3"),  # the step's pass line: about 1.3 deviations smaller
    (2, "bin_shares([10, 45, 50, 90], [40, 60, 80]) == [0.25, 0.5, 0.0, 0.25]"),
    (3, "psi([0.3, 0.7], [0.3, 0.7]) == 0"),
    (5, "check_feature('floor', [1, 1, 3, 3, 1, 1, 3, 3, 1, 3], "
        "[1, 1, 1, 1, 1, 1, 1, 3, 3, 3], [2]) == 'moderate drift in floor: PSI 0.17'"),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
