"""The fork server hears of a learner's exit before it has read the end of its report.

Under load the zygote's exit message and the last bytes of the report channel can come
out of epoll in either order. CI saw the reference solution of a seed step fail with
"the program ended without reporting its results" when the exit came first: the whole
report arrived, but was thrown away because the exit status was already known.
"""

from __future__ import annotations

import json
import os
import socket

import pytest

from bot.executor.sandbox.child import READY, REPORT_HEADER
from bot.executor.sandbox.children import Child, Job
from bot.executor.sandbox.server import Server
from bot.executor.sandbox.wire import EXITED, split_frames

PID = 4_000_000  # never a real child: the server only looks it up in its own table


@pytest.fixture
def server():
    control_in_r, control_in_w = os.pipe()
    control_out_r, control_out_w = os.pipe()
    zygote, zygote_peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    made = Server(control_in_r, control_out_w, zygote, pool=1, cpu_soft=1.0)
    yield made, zygote_peer, control_out_r
    for fd in (control_in_r, control_in_w, control_out_r, control_out_w):
        os.close(fd)
    zygote.close()
    zygote_peer.close()


def learner(made: Server) -> tuple[Child, int]:
    channel_r, channel_w = os.pipe()
    os.set_blocking(channel_r, False)
    job = Job(1, {"programs": [{"name": "your code", "code": "x = 1"}]}, 1.0, 1000, [])
    child = Child(PID, "learner", 0, os.open(os.devnull, os.O_RDONLY), None, None, channel_r)
    child.job = job
    made.children[PID] = child
    made.watch(channel_r, child, "channel")
    return child, channel_w


def result(control_out_r: int) -> dict:
    buffer = bytearray(os.read(control_out_r, 1 << 20))
    (message,) = split_frames(buffer)
    return message["result"]


def report_frame(values: dict) -> bytes:
    report = json.dumps({"status": "ok", "values": values}).encode()
    return READY + REPORT_HEADER.pack(len(report)) + report


def test_a_whole_report_read_after_the_exit_is_kept(server):
    made, zygote_peer, control_out_r = server
    child, channel_w = learner(made)
    os.write(channel_w, report_frame({"x": "1"}))
    os.close(channel_w)

    zygote_peer.send(EXITED.pack(b"X", PID, 0, 0.01))
    made.on_zygote()  # the exit first...
    made.on_readable(child, "channel")  # ...then the report

    done = result(control_out_r)
    assert done["status"] == "ok", done


def test_a_report_cut_short_by_the_exit_is_still_a_missing_report(server):
    made, zygote_peer, control_out_r = server
    child, channel_w = learner(made)
    os.write(channel_w, report_frame({"x": "1"})[:-3])
    os.close(channel_w)

    zygote_peer.send(EXITED.pack(b"X", PID, 0, 0.01))
    made.on_zygote()
    made.on_readable(child, "channel")
    made.on_readable(child, "channel")  # EOF

    done = result(control_out_r)
    assert done["status"] == "runtime_error"
    assert "without reporting" in done["error"]["message"]
