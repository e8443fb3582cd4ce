"""Rewrite tests/fixtures/invalid/*.expected.txt from the current output (review the diff!)."""

from __future__ import annotations

from tests.functional.test_invalid_specs import CASES, expected_path, findings, run_validate

if __name__ == "__main__":
    for case in CASES:
        lines = findings(run_validate(case).stdout, case.name)
        expected_path(case).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        print(f"{case.name}: {len(lines)} findings")
