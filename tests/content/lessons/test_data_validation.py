"""data-validation (track position 3): the reference and other right answers pass every
step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "data-validation"

SCHEMA = "def check_schema(row):\n    problems = []\n    for column, expected in schema.items():\n"
RANGES = (
    "def check_ranges(row):\n    problems = []\n    for column, (low, high) in limits.items():\n"
)
LIMITS = "limits = {'rooms': [1, 10], 'area_m2': [10.0, 500.0]}\n"
BATCH = "def accept_batch(rows, max_bad_share):\n"
COUNT = "    bad = 0\n    for row in rows:\n        if validate_row(row):\n            bad += 1\n"

RIGHT = [
    (1, "rows = []\nschema = {}\nschema['rooms'] = 'int'\nschema['area_m2'] = 'float'\n"
        "schema['city'] = 'str'"),
    (2, SCHEMA + "        if column not in row:\n"
        "            problems.append('missing column: ' + column)\n"
        "        elif type(row[column]).__name__ != expected:\n"
        "            actual = type(row[column]).__name__\n"
        "            problems.append(column + ' should be ' + expected + ', got ' + actual)\n"
        "    return problems"),
    (3, "limits = {'rooms': (1, 10), 'area_m2': (10.0, 500.0)}\n" + RANGES +
        "        if row[column] < low or row[column] > high:\n"
        "            problems.append(f'{column} out of range: {row[column]}')\n"
        "    return problems"),
    (4, "def validate_row(row):\n    return check_schema(row) or check_ranges(row)"),
    (5, BATCH + "    if len(rows) == 0:\n        return False\n"
        "    bad_rows = [row for row in rows if validate_row(row)]\n"
        "    return len(bad_rows) <= max_bad_share * len(rows)"),
]  # fmt: skip

WRONG = [
    # step 1: real types instead of their names, a wrong type name, a list, a column left out
    (1, "schema = {'rooms': int, 'area_m2': float, 'city': str}",
     "type names as strings in quotes"),
    (1, "schema = {'rooms': 'int', 'area_m2': 'int', 'city': 'str'}",
     "schema should map 'rooms' to 'int', 'area_m2' to 'float'"),
    (1, "schema = ['rooms', 'area_m2', 'city']", "schema: expected a dictionary, got a list"),
    (1, "schema = {'rooms': 'int', 'area_m2': 'float'}", "and 'city' to 'str'"),
    # step 2: isinstance lets True through, a missing key read, return in the loop, str(type)
    (2, SCHEMA + "        kinds = {'int': int, 'float': float, 'str': str}\n"
        "        if column not in row:\n"
        "            problems.append(f'missing column: {column}')\n"
        "        elif not isinstance(row[column], kinds[expected]):\n"
        "            actual = type(row[column]).__name__\n"
        "            problems.append(f'{column} should be {expected}, got {actual}')\n"
        "    return problems",
     "True is a bool, not an int"),
    (2, SCHEMA + "        actual = type(row[column]).__name__\n"
        "        if column not in row:\n"
        "            problems.append(f'missing column: {column}')\n"
        "        elif actual != expected:\n"
        "            problems.append(f'{column} should be {expected}, got {actual}')\n"
        "    return problems",
     "check_schema({'city': 'Lille', 'rooms': 4}) raised KeyError: 'area_m2'"),
    (2, SCHEMA + "        if column not in row:\n"
        "            problems.append(f'missing column: {column}')\n"
        "        elif type(row[column]).__name__ != expected:\n"
        "            actual = type(row[column]).__name__\n"
        "            problems.append(f'{column} should be {expected}, got {actual}')\n"
        "        return problems",
     "yours has 0: 'area_m2 should be float, got NoneType' is missing"),
    (2, SCHEMA + "        if column not in row:\n"
        "            problems.append(f'missing column: {column}')\n"
        "        elif str(type(row[column])) != expected:\n"
        "            problems.append(f'{column} should be {expected}, got {type(row[column])}')\n"
        "    return problems",
     "check_schema({'rooms': 2, 'area_m2': 55.0, 'city': 'Metz'}) "
     "should have 0 items; yours has 3"),
    # step 3: the limits refused, the value left out, a stop at the first problem
    (3, LIMITS + RANGES + "        if not low < row[column] < high:\n"
        "            problems.append(f'{column} out of range: {row[column]}')\n"
        "    return problems",
     "the limits themselves are allowed (use <= on both sides)"),
    (3, LIMITS + RANGES + "        if not low <= row[column] <= high:\n"
        "            problems.append(f'{column} out of range')\n"
        "    return problems",
     "expected 'rooms out of range: 0', found 'rooms out of range'"),
    (3, LIMITS + RANGES + "        if not low <= row[column] <= high:\n"
        "            return [f'{column} out of range: {row[column]}']\n"
        "    return problems",
     "check_ranges({'rooms': 12, 'area_m2': 9.5, 'city': 'Caen'}) "
     "should have 2 items; yours has 1"),
    # step 4: both checks at once, the ranges forgotten, no return for a good row
    (4, "def validate_row(row):\n    return check_schema(row) + check_ranges(row)",
     "a row with schema problems gets only those; check its ranges only when the schema is fine"),
    (4, "def validate_row(row):\n    return check_schema(row)",
     "yours has 0: 'rooms out of range: 0' is missing"),
    (4, "def validate_row(row):\n    problems = check_schema(row)\n    if problems:\n"
        "        return problems\n    check_ranges(row)",
     "did you forget return?"),
    # step 5: the empty batch divides by zero, < at the limit, problems counted, the share returned
    (5, BATCH + COUNT + "    return bad / len(rows) <= max_bad_share",
     "an empty batch has nothing to train on, so return False (and do not divide by zero) "
     "(raised ZeroDivisionError"),
    (5, BATCH + "    if not rows:\n        return False\n" + COUNT +
        "    return bad / len(rows) < max_bad_share",
     "1 bad row out of 4 is a share of 0.25, exactly max_bad_share, so the batch is accepted"),
    (5, BATCH + "    if not rows:\n        return False\n    bad = 0\n    for row in rows:\n"
        "        bad += len(validate_row(row))\n    return bad / len(rows) <= max_bad_share",
     "count bad rows, not problems"),
    (5, BATCH + "    if not rows:\n        return False\n" + COUNT + "    return bad / len(rows)",
     "expected True or False"),
]  # fmt: skip

# The examples the instructions give, as the reference solutions compute them.
EXAMPLES = [
    (2, "check_schema(rows[1]) == ['rooms should be int, got str']"),
    (3, "check_ranges(rows[2]) == ['area_m2 out of range: 7500.0']"),
    (5, 'accept_batch(rows, 0.25) is False'),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
