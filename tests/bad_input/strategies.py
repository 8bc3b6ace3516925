"""Hypothesis strategies for what a spreadsheet cell or an uploaded file may hold."""

from hypothesis import strategies as st

# The settings every property uses: pure functions get many examples, ones that
# read the database (a function-scoped fixture around them) fewer.
PURE_EXAMPLES = 200
FILE_EXAMPLES = 100
DB_EXAMPLES = 30

# Text as officers type it, and text no one should: controls, RTL marks, emoji, surrogates.
any_text = st.text(max_size=40)
# openpyxl refuses control characters and lone surrogates in a cell.
cell_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")),
    max_size=30,
)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)
finite_numbers = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
)
phone_like = st.builds(
    lambda prefix, digits, sep: (
        prefix + sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))
    ),
    st.sampled_from(["0", "62", "+62", "+62 ", "(0", ""]),
    st.text("0123456789", min_size=6, max_size=15),
    st.sampled_from(["", " ", "-", ".", ")"]),
)
date_like = st.builds(
    lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
    st.integers(0, 40),
    st.integers(0, 14),
    st.integers(0, 10_000),
    st.sampled_from(["/", "-", ".", " "]),
)
cell_values = st.one_of(
    st.none(),
    any_text,
    numbers,
    st.booleans(),
    st.dates(),
    st.datetimes(),
    phone_like,
    date_like,
)
# What survives a trip through a .xlsx written by openpyxl.
xlsx_cell_values = st.one_of(
    st.none(),
    cell_text,
    finite_numbers,
    st.booleans(),
    st.dates(min_value=__import__("datetime").date(1900, 3, 1)),
    phone_like,
    date_like,
)
