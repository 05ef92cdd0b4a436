"""Czech typography of numbers and amounts of money (portal.numbers)."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.numbers import NBSP, format_money, format_number


@pytest.mark.parametrize(
    ("value", "czech", "english"),
    [
        (Decimal("3500.50"), f"3{NBSP}500,50", f"3{NBSP}500.50"),
        (Decimal("3500.5"), f"3{NBSP}500,50", f"3{NBSP}500.50"),
        (Decimal("3500.00"), f"3{NBSP}500", f"3{NBSP}500"),
        (1500000, f"1{NBSP}500{NBSP}000", f"1{NBSP}500{NBSP}000"),
        (Decimal("0.05"), "0,05", "0.05"),
        (None, "", ""),
    ],
)
def test_money_is_whole_crowns_or_both_digits_of_the_hellers(value, czech, english):
    with translation.override("cs"):
        assert format_money(value) == czech
    with translation.override("en"):
        assert format_money(value) == english


def test_other_numbers_keep_only_the_digits_they_need():
    with translation.override("cs"):
        assert format_number(Decimal("8.70")) == "8,7" and format_number(12636) == f"12{NBSP}636"
