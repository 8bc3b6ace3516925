"""Properties of the cell parsers: any input gives a well-formed value or a ValueError.

A ValueError is how a parser says "this row is rejected, here is why"; anything
else escaping would be a server error on the preview page.
"""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kla_portal.spreadsheets import (
    normalize_header,
    parse_date,
    parse_decimal,
    parse_phone,
    parse_text,
    text_key,
)
from stakeholders import imports as institution_import
from tests.bad_input.strategies import PURE_EXAMPLES, cell_values, date_like, phone_like
from trainings import participant_import
from trainings.plans import imports as action_import

PURE = settings(max_examples=PURE_EXAMPLES, deadline=None)
PHONE = re.compile(r"\+62[0-9]{8,13}", re.ASCII)


def outcome(parser, *args, **kwargs):
    """The parser's value, or the ValueError it raised (anything else propagates)."""
    try:
        return parser(*args, **kwargs)
    except ValueError as error:
        assert str(error)
        return error


@PURE
@given(cell_values)
def test_a_normalized_header_is_lowercase_letters_and_digits_and_stays_so(value):
    key = normalize_header(value)
    assert re.fullmatch(r"[0-9a-z]*", key)
    assert normalize_header(key) == key


@PURE
@given(st.one_of(cell_values, date_like))
@example("29/02/2023")
@example("31/12/0000")
@example("01/01/1800")
@example("\x00")
def test_a_date_cell_is_a_date_none_or_a_reason(value):
    result = outcome(parse_date, value)
    assert result is None or isinstance(result, date | ValueError)
    if isinstance(result, datetime):
        pytest.fail("a datetime must come back as a plain date")


@PURE
@given(st.dates())
def test_every_date_round_trips_through_dd_mm_yyyy(day):
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == day
    assert parse_date(day) == day
    assert parse_date(datetime(day.year, day.month, day.day, 13, 45)) == day


@PURE
@given(st.one_of(cell_values, phone_like))
@example(8.12345678e10)
@example("²²²²²²²²²")
@example("٠٨١٢٣٤٥٦٧٨٩")
@example(float("inf"))
def test_a_parsed_phone_is_an_indonesian_number_and_parsing_it_again_changes_nothing(value):
    result = outcome(parse_phone, value)
    if isinstance(result, ValueError):
        return
    assert result == "" or PHONE.fullmatch(result), result
    if result:
        assert parse_phone(result) == result


@PURE
@given(st.text("0123456789", min_size=8, max_size=13), st.sampled_from(["0", "62", "+62"]))
def test_a_typed_mobile_number_becomes_plus_62(digits, prefix):
    if prefix == "0" and digits.startswith("62") or prefix == "62" and digits.startswith("0"):
        return  # ambiguous on purpose: the number itself starts like a prefix
    assert parse_phone(prefix + digits) == "+62" + digits


@PURE
@given(
    cell_values,
    st.one_of(st.none(), st.integers(-100, 100)),
    st.one_of(st.none(), st.integers(-100, 10**6)),
)
@example("NaN", None, None)
@example("sNaN", 0, 100)
@example("-Infinity", None, None)
@example("1e999999", 0, 100)
def test_a_decimal_cell_is_a_finite_number_in_range_none_or_a_reason(value, low, high):
    result = outcome(parse_decimal, value, low=low, high=high)
    if result is None or isinstance(result, ValueError):
        return
    assert isinstance(result, Decimal)
    assert result.is_finite()
    assert low is None or result >= low
    assert high is None or result <= high


# The row-level readers of each import (pure functions of a cell).


@PURE
@given(cell_values)
def test_an_institution_name_key_keeps_letters_of_every_script_and_nothing_else(value):
    key = text_key(value)
    assert not re.search(r"[\W_]", key)
    assert text_key(key) == key
    assert institution_import.subdistrict_key(value) == institution_import.subdistrict_key(value)
    text = parse_text(value)
    assert text == text.strip()
    assert "  " not in text


@PURE
@given(cell_values)
@example("Jan 0000")
@example("okt-25")
@example("Desember 2024")
def test_a_due_date_is_a_date_none_or_a_reason(value):
    result = outcome(action_import.parse_due, value)
    assert result is None or isinstance(result, date | ValueError)


@PURE
@given(st.one_of(cell_values, st.from_regex(r"(Rp\.? ?)?[0-9]{1,3}(\.[0-9]{3}){0,5}(,[0-9]+)?")))
@example("Rp 5.000.000")
@example("Rp")
@example(float("nan"))
def test_a_budget_is_a_whole_amount_in_range_none_or_a_reason(value):
    result = outcome(action_import.parse_budget, value)
    if result is None or isinstance(result, ValueError):
        return
    assert result == result.to_integral_value()
    assert 0 <= result <= 10**14


@PURE
@given(cell_values)
def test_a_gender_cell_is_l_p_blank_or_a_reason(value):
    assert outcome(participant_import.parse_gender, value) in ("", "L", "P") or isinstance(
        outcome(participant_import.parse_gender, value), ValueError
    )


@PURE
@given(cell_values, st.integers(1, 10))
def test_an_attendance_cell_is_present_absent_blank_or_a_reason(value, day):
    result = outcome(participant_import.parse_presence, value, day)
    assert result in (None, True, False) or isinstance(result, ValueError)


@PURE
@given(cell_values)
@example("100,004")
@example(-0.0)
def test_a_score_is_between_0_and_100_with_two_decimals(value):
    result = outcome(participant_import.parse_score, value, "nilai")
    if result is None or isinstance(result, ValueError):
        return
    assert Decimal(0) <= result <= Decimal(100)
    assert result == result.quantize(Decimal("0.01"))


@PURE
@given(
    st.one_of(st.none(), cell_values),
    st.one_of(
        st.none(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_infinity=False),
        st.text(max_size=6),
    ),
)
@example("5 Agustus 1990", None)
@example("31 Februari 1990", None)
@example(None, 1899.0)
@example(None, float("nan"))
def test_a_birth_year_is_past_none_or_a_reason(date_value, year_value):
    result = outcome(participant_import.parse_birth_year, date_value, year_value)
    if result is None or isinstance(result, ValueError):
        return
    assert isinstance(result, int)
    assert result <= timezone.localdate().year


def test_an_infinite_birth_year_is_a_reason_not_a_crash():
    result = outcome(participant_import.parse_birth_year, None, float("inf"))
    assert isinstance(result, ValueError)


@settings(max_examples=PURE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_a_header_alias_list_is_always_found_for_any_training_days(headers):
    """``aliases_for`` only adds spellings: every base field keeps its own."""
    aliases = participant_import.aliases_for([], dict.fromkeys(headers, "name"))
    for field, spellings in participant_import.BASE_ALIASES.items():
        assert set(spellings) <= set(aliases[field])
