"""`bench.instructions_diff`'s table: a ratio per driver and case, cases without the database left out,
cases new in the later commit shown without a ratio."""

from __future__ import annotations

from bench.instructions_diff import table


def test_the_table_gives_each_case_its_ratio_and_skips_cases_without_a_database() -> None:
    before = {"flask": [{"case": "json", "instructions": 1e6}, {"case": "list", "instructions": 16e6}]}
    after = {
        "flask": [
            {"case": "json", "instructions": 1e6},
            {"case": "list", "instructions": 8e6},
            {"case": "new case", "instructions": 3e6},
        ]
    }
    lines = table(before, after, ("aaa", "bbb")).splitlines()
    assert lines[0] == "| Driver | Case | aaa (M) | bbb (M) | after / before |"
    assert lines[2:] == ["| flask | list | 16.00 | 8.00 | 0.50 |", "| flask | new case | - | 3.00 | - |"]
