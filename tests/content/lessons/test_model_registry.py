"""model-registry (track position 6): the reference and other right answers pass every
step, and the likeliest beginner mistakes fail with the message a teacher would give."""

from __future__ import annotations

from tests.content.lessons.step_suite import step_tests

LESSON_ID = "model-registry"

REGISTER = "registry = []\n\ndef register(run_id, accuracy):\n"
THREE_RUNS = "register('run-3', 0.86)\nregister('run-7', 0.91)\nregister('run-9', 0.89)\n"
PROMOTE = "def promote(promotions, number):\n"
DEMO = "promotions = []\npromote(promotions, 1)\npromote(promotions, 7)\npromote(promotions, 2)\n"
CURRENT = "def current(promotions):\n"
ROLLBACK = "def rollback(promotions):\n"
FIELDS = "'run_id': run_id, 'accuracy': accuracy}\n"

RIGHT = [
    (1, REGISTER + "    number = max([e['version'] for e in registry], default=0) + 1\n"
        "    registry.append({'run_id': run_id, 'accuracy': accuracy, 'version': number})\n"
        "    return registry[-1]\n\n"
        "for run_id, accuracy in [('run-3', 0.86), ('run-7', 0.91), ('run-9', 0.89)]:\n"
        "    register(run_id, accuracy)"),
    (2, "def get_version(number):\n"
        "    found = [entry for entry in registry if entry['version'] == number]\n"
        "    return found[0] if found else None"),
    (3, PROMOTE + "    if get_version(number):\n        promotions.append(number)\n"
        "        return True\n    return False\n\n" + DEMO),
    (4, CURRENT + "    if len(promotions) == 0:\n        return None\n"
        "    return get_version(promotions[len(promotions) - 1])\n\n"
        "serving = current(promotions)"),
    (5, ROLLBACK + "    if len(promotions) > 1:\n        del promotions[-1]\n"
        "    return current(promotions)\n\nserving = rollback(promotions)"),
]  # fmt: skip

WRONG = [
    # step 1: numbered from 0, never appended, printed instead of returned, one number for all
    (1, REGISTER + "    entry = {'version': len(registry), " + FIELDS +
        "    registry.append(entry)\n    return entry\n\n" + THREE_RUNS,
     "registry[0]['version']: expected 1, found 0"),
    (1, REGISTER + "    entry = {'version': len(registry) + 1, " + FIELDS +
        "    return entry\n\n" + THREE_RUNS,
     "registry should have 3 items; yours has 0"),
    (1, REGISTER + "    entry = {'version': len(registry) + 1, " + FIELDS +
        "    registry.append(entry)\n    print(entry)\n\n" + THREE_RUNS,
     "register('run-12', 0.8): expected a dictionary, got None (it printed"),
    (1, REGISTER + "    entry = {'version': 1, " + FIELDS +
        "    registry.append(entry)\n    return entry\n\n" + THREE_RUNS,
     "registry[1]['version']: expected 2, found 1"),
    # step 2: looked up by position, gave up after the first entry, returned the index
    (2, "def get_version(number):\n    return registry[number - 1]",
     "get_version(4): there is no version 4 yet, so return None (raised IndexError"),
    (2, "def get_version(number):\n    if number > len(registry):\n        return None\n"
        "    return registry[number - 1]",
     "get_version(0): versions start at 1, so there is no version 0: return None"),
    (2, "def get_version(number):\n    for entry in registry:\n"
        "        if entry['version'] == number:\n            return entry\n        return None",
     "get_version(2): expected a dictionary, got None"),
    (2, "def get_version(number):\n    for index, entry in enumerate(registry):\n"
        "        if entry['version'] == number:\n            return index\n    return None",
     "get_version(2): expected a dictionary, got a whole number"),
    # step 3: no existence check, appended before checking, no True, nothing appended
    (3, PROMOTE + "    promotions.append(number)\n    return True\n\n" + DEMO,
     "promote([1, 2], 9): that version does not exist, so return False"),
    (3, PROMOTE + "    promotions.append(number)\n    if get_version(number) is None:\n"
        "        return False\n    return True\n\n" + DEMO,
     "promotions should have 2 items; yours has 3: 7 should not be there"),
    (3, PROMOTE + "    if get_version(number) is None:\n        return False\n"
        "    promotions.append(number)\n\n" + DEMO,
     "promote([], 3): expected True or False (bool), got None (did you forget return?)"),
    (3, PROMOTE + "    return get_version(number) is not None\n\n" + DEMO,
     "promotions should have 2 items; yours has 0: 1 is missing"),
    # step 4: the first promotion, no guard for nothing promoted, the number, the newest version
    (4, CURRENT + "    if not promotions:\n        return None\n"
        "    return get_version(promotions[0])\n\nserving = current(promotions)",
     "current([1, 2])['version']: expected 2, found 1"),
    (4, CURRENT + "    return get_version(promotions[-1])\n\nserving = current(promotions)",
     "current([]): nothing has been promoted yet, so return None (raised IndexError"),
    (4, CURRENT + "    if not promotions:\n        return None\n"
        "    return promotions[-1]\n\nserving = current(promotions)",
     "current([1, 2]): expected a dictionary, got a whole number"),
    (4, CURRENT + "    if not promotions:\n        return None\n"
        "    return registry[-1]\n\nserving = current(promotions)",
     "current([1, 2])['version']: expected 2, found 3"),
    (4, CURRENT + "    if not promotions:\n        return None\n"
        "    return get_version(promotions[-1])",
     "serving is not defined"),
    # step 5: no guard, the oldest removed, the bad version returned, None for one promotion
    (5, ROLLBACK + "    promotions.pop()\n    return current(promotions)\n\n"
        "serving = rollback(promotions)",
     "rollback([]): nothing has been promoted, so change nothing and return None "
     "(raised IndexError: pop from empty list)"),
    (5, ROLLBACK + "    if len(promotions) >= 2:\n        promotions.pop(0)\n"
        "    return current(promotions)\n\nserving = rollback(promotions)",
     "rollback([1, 2])['version']: expected 1, found 2"),
    (5, ROLLBACK + "    if len(promotions) >= 2:\n        return get_version(promotions.pop())\n"
        "    return current(promotions)\n\nserving = rollback(promotions)",
     "rollback([1, 2])['version']: expected 1, found 2"),
    (5, ROLLBACK + "    if len(promotions) < 2:\n        return None\n    promotions.pop()\n"
        "    return current(promotions)\n\nserving = rollback(promotions)",
     "rollback([2]): with a single promotion there is nothing older to go back to"),
    (5, ROLLBACK + "    if len(promotions) >= 2:\n        promotions.pop()\n"
        "    return current(promotions)\n\nserving = current(promotions)",
     "after one rollback from [1, 2], promotions should be [1]"),
]  # fmt: skip

EXAMPLES = [
    (1, "registry[0]['version'] == 1"),
    (1, "max(registry, key=lambda entry: entry['accuracy'])['run_id'] == 'run-7'"),  # scenario
    (2, "get_version(7) is None and get_version(0) is None"),
    (3, "promote([1, 2], 7) is False"),
    (5, "rollback([2])['version'] == 2"),
]  # fmt: skip


globals().update(step_tests(EXAMPLES, RIGHT, WRONG))
