"""specloom's benchmark harness: `make bench` (or `python -m bench`) measures specloom against
its peers on a real spec, runs interleaved, and writes docs/BENCHMARKS.md.

Layout: registry.py says what is compared (add a contender there), peers.py installs and
versions the peer tools, measure.py runs one process and does the statistics, run.py
schedules the interleaved runs, child.py is the in-process side, machine.py describes the
host and report.py renders the results. This module stays empty so `python -m bench.child`
imports nothing it would then measure.
"""
