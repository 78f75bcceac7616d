"""The DATASHEET's TimeML-attribute figures (nkru/publish/sections.py) are the shipped table's, counted
here again from the loaded `dates` config."""

from collections import Counter

from nkru.loader import load
from nkru.schema import TIMEX_VALUE_FUNCTIONS

from conftest import CHECKOUT


def test_the_datasheet_counts_the_timeml_attributes_of_the_shipped_table():
    rows = load("dates")["test"].to_list()
    datasheet = (CHECKOUT / "DATASHEET.md").read_text(encoding="utf-8")
    functions = [row for row in rows if row["temporal_function"]]
    assert (f"`value_from_function` rule): {len(functions)} of {len(rows)}.") in datasheet
    rules = Counter(row["value_from_function"] for row in functions)
    assert set(rules) == set(TIMEX_VALUE_FUNCTIONS), "a declared rule no expression uses, or an undeclared one"
    for rule, count in rules.items():
        assert f"| `{rule}` | {count} |" in datasheet
    begins = [row["begin_point"] for row in rows if row["begin_point"]]
    ends = [row["end_point"] for row in rows if row["end_point"]]
    at_dct = sum(point.endswith("-t0") for point in ends)
    assert (f"{len(begins)} begin points ({sum(p.endswith('-t0') for p in begins)} at the dct), {len(ends)} end "
            f"points ({at_dct} at the dct)") in datasheet
    assert (len(begins), len(ends), at_dct) == (0, 4, 3)
    assert f"Timexes with `quant` or `freq`: {sum(bool(row['quant'] or row['freq']) for row in rows)}." in datasheet
