"""The host a bench ran on: CPU, cores, memory, OS and Python, read from /proc and /etc."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Machine:
    """What a reader needs to weigh the figures."""

    cpu: str
    cores: int
    memory_bytes: int | None
    os: str
    python: str


def cpu_model(cpuinfo: str) -> str:
    """The first `model name` in /proc/cpuinfo text (or another CPU naming key), else 'unknown'."""
    for key in ("model name", "Model", "Hardware", "cpu model"):
        for line in cpuinfo.splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip() == key and value.strip():
                return " ".join(value.split())
    return "unknown"


def mem_total(meminfo: str) -> int | None:
    """MemTotal from /proc/meminfo text, in bytes, or None."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                return int(parts[1]) * 1024
    return None


def os_name(os_release: str) -> str:
    """PRETTY_NAME from /etc/os-release text, or the platform's name."""
    for line in os_release.splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.partition("=")[2].strip().strip('"')
    return platform.system() or "unknown"


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def this_machine() -> Machine:
    """Describe the machine this process runs on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return Machine(
        cpu=cpu_model(_read("/proc/cpuinfo")),
        cores=cores or 1,
        memory_bytes=mem_total(_read("/proc/meminfo")),
        os=f"{os_name(_read('/etc/os-release'))}, kernel {platform.release()}",
        python=f"{platform.python_implementation()} {sys.version.split()[0]}",
    )
