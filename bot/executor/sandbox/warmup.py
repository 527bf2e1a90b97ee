"""A few rehearsal jobs in the zygote, so the children it forks start with a warm interpreter.

A freshly forked child pays a page fault (about 5 µs on the VMs we measured) for every page
it writes. Much of what a first run of the harness writes is the interpreter warming up:
CPython 3.11 rewrites bytecode in place as it specialises it, fills the type attribute
cache, interns names and resolves library symbols on first call. Done once here, before
any fork, those pages stay shared and clean in every child. The rehearsal is our own
code on made-up values; it leaves nothing a learner could use, and the zygote collects and
freezes its garbage afterwards.
"""

from __future__ import annotations

import builtins
import linecache
import sys

ROUNDS = 12  # CPython 3.11 specialises a function after 8 calls

PROGRAMS = (
    (
        "<warm-up 1>",
        "definition = 'A sentence about the lesson.'\n"
        "steps = ['one', 'two', 'three']\n"
        "counts = {'a': 1, 'b': 2.5, 'c': None, 'd': True}\n",
    ),
    (
        "<warm-up 2>",
        "def total(values):\n"
        "    return sum(v for v in values if isinstance(v, (int, float)))\n"
        "result = total(counts.values())\n"
        "pairs = [(i, s.upper()) for i, s in enumerate(steps)]\n"
        "print(definition, len(steps), f'{result:.1f}', pairs[0])\n",
    ),
)
CHECKS = (
    {"kind": "defined", "name": "steps"},
    {"kind": "type", "name": "steps", "type": "list"},
    {"kind": "equals", "name": "steps", "value": ["one", "two", "three"]},
    {"kind": "output", "mode": "contains", "lines": ["A sentence"]},
)
FAILING = (("<warm-up 3>", "x = 1\nprint(undefined_name)\n"),)


def warm_up(rounds: int = ROUNDS) -> None:
    """Run learner reports and verdicts on made-up jobs, then undo what they changed."""
    from bot.executor import harness

    saved = (builtins.input, getattr(builtins, "exit", None), getattr(builtins, "quit", None))
    limit = sys.getrecursionlimit()
    request = {"programs": [{"name": n, "code": c} for n, c in PROGRAMS], "seed": 0}
    failing = {"programs": [{"name": n, "code": c} for n, c in FAILING], "seed": 0}
    checked = {**request, "checks": list(CHECKS)}
    try:
        for _ in range(rounds):
            report = harness.learner_report(request)
            harness.verdict(checked, report, "A sentence about the lesson.\n")
            harness.learner_report(failing)
    finally:
        builtins.input = saved[0]
        for name, value in (("exit", saved[1]), ("quit", saved[2])):
            if value is None:
                builtins.__dict__.pop(name, None)
            else:
                setattr(builtins, name, value)
        sys.setrecursionlimit(limit)
        for name, _ in (*PROGRAMS, *FAILING):
            linecache.cache.pop(name, None)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
