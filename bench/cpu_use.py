"""CPU time the server, PostgreSQL and the load generator use during a run (Linux ``/proc``).

The load test shares two cores between gunicorn, the database and its own client threads
and edits: a p99 means little without knowing which of them filled the cores. Read at the
start and the end of the measured window; a process that ends in between is not counted
(gunicorn's workers and the connections' backends live through the run).
"""

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, str, float]]:
    """``{pid: (parent pid, command, CPU seconds)}`` of every process readable now."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while listed
            continue
        command = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (
            int(fields[1]),
            command,
            (int(fields[11]) + int(fields[12])) / TICKS,
        )
    return found


def _machine() -> tuple[float, float]:
    """(busy, all) CPU seconds of the machine since boot, every core."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICKS, sum(fields[:8]) / TICKS


class CpuUse:
    """``start()`` then ``stop()``: each group's share of a core over the window."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def _groups(self) -> dict[str, float]:
        processes = _processes()
        own = os.times()
        return {
            "server": sum(
                cpu
                for pid, (parent, _command, cpu) in processes.items()
                if self.server_pid in (pid, parent)
            ),
            "postgresql": sum(
                cpu for _parent, command, cpu in processes.values() if command == "postgres"
            ),
            "load_generator": own.user + own.system,
        }

    def start(self) -> None:
        self._started, self._before, self._machine = time.monotonic(), self._groups(), _machine()

    def stop(self) -> dict:
        seconds = time.monotonic() - self._started
        after, (busy, total) = self._groups(), _machine()
        shares = {
            name: round(100 * (after[name] - self._before[name]) / seconds, 1) for name in after
        }
        cores = os.cpu_count() or 1
        shares["machine_busy_percent"] = round(
            100 * (busy - self._machine[0]) / max(total - self._machine[1], 1e-9), 1
        )
        shares["cores"] = cores
        return shares
