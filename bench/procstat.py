"""CPU time of a server and every process under it, read from /proc: requests per CPU-second."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of one process, or None once it is gone.

    The seconds are user + system of the process and of its children that have exited
    and been waited for (`cutime` + `cstime`, proc(5)): a process that ends during a
    measurement, such as a PostgreSQL backend whose connection the pool closes, keeps
    counting in its parent instead of vanishing from the sum.
    """
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces or parentheses: split after its closing one.
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), sum(int(value) for value in fields[11:15]) / TICKS


def tree(root: int) -> set[int]:
    """`root` and all its descendants (a server's master, workers and their threads' processes)."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = stat[0]
    found = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grew = True
    return found


def core_busy_seconds(core: int) -> float:
    """Seconds core `core` spent on anything but idle and I/O wait since boot, from /proc/stat."""
    for line in (PROC / "stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in line.split()[1:9])
            return (user + nice + system + irq + softirq + steal) / TICKS
    return 0.0


def cpu_seconds(root: int) -> float:
    """User + system CPU seconds used so far by `root`'s process tree (threads included)."""
    return sum(stat[1] for pid in tree(root) if (stat := _stat(pid)) is not None)


def named_cpu_seconds(name: str) -> float:
    """User + system CPU seconds so far of every process whose command name is `name` (`postgres`).

    PostgreSQL serves each connection in a process of its own; their sum is the database
    server's CPU, whichever database or client they serve (so other load shows up in it too).
    """
    total = 0.0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != name:
                continue
        except OSError:
            continue
        if (stat := _stat(int(entry.name))) is not None:
            total += stat[1]
    return total
