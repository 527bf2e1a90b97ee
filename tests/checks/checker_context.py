"""A CheckContext built the way the checker builds it: through encoded snapshots."""

from __future__ import annotations

from bot.core.checks import CheckContext, decode, encode_variable


def context(stdout: str = "", source: str = "", **values) -> CheckContext:
    """The learner's variables as the checker sees them after the snapshot's round trip,
    with the sizes of values the snapshot had to cut."""
    nodes = {name: encode_variable(value) for name, value in values.items()}
    return CheckContext(
        values={name: decode(node) for name, node in nodes.items()},
        shown={name: node["str"] for name, node in nodes.items()},
        stdout=stdout,
        sources=(("your code", source),),
        sizes={name: node["len"] for name, node in nodes.items() if node.get("cut")},
    )
