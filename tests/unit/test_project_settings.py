"""Project settings as a model: types, ranges, the stake rule, and stale stored values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from courtside.domain.config import ProjectSettings, settings_from_stored


def test_defaults_are_valid_and_typed():
    settings = ProjectSettings()

    assert settings.max_stake == Decimal("500.00")
    assert settings.min_stake <= settings.max_stake
    assert isinstance(settings.login_attempt_limit, int)


@pytest.mark.parametrize("value", [True, "5", 5.0, 5.5])
def test_whole_numbers_are_strict(value):
    with pytest.raises(ValidationError) as error:
        ProjectSettings(login_attempt_limit=value)

    assert error.value.errors()[0]["loc"] == ("login_attempt_limit",)


def test_money_takes_numbers_and_decimal_strings_with_two_places_at_most():
    assert ProjectSettings(max_stake="75.5").max_stake == Decimal("75.5")
    assert ProjectSettings(max_stake=80).max_stake == Decimal("80")
    with pytest.raises(ValidationError):
        ProjectSettings(max_stake="75.555")
    with pytest.raises(ValidationError):
        ProjectSettings(max_stake=True)


def test_min_stake_above_max_stake_names_both_settings():
    with pytest.raises(ValidationError) as error:
        ProjectSettings(min_stake="10.00", max_stake="5.00")

    [problem] = error.value.errors()
    assert problem["type"] == "stakes_out_of_order"
    assert problem["ctx"]["fields"] == ["min_stake", "max_stake"]


def test_stored_values_override_defaults_and_unknown_keys_are_ignored():
    settings = settings_from_stored({"max_stake": "120.00", "retired_setting": 3})

    assert settings.max_stake == Decimal("120.00")
    assert settings.min_stake == Decimal("1.00")


def test_a_stored_value_no_longer_valid_falls_back_to_its_default():
    settings = settings_from_stored({"max_stake": "120.00", "login_attempt_limit": 0})

    assert settings.max_stake == Decimal("120.00")
    assert settings.login_attempt_limit == 5


def test_stored_stakes_out_of_order_fall_back_to_the_defaults():
    settings = settings_from_stored({"min_stake": "100.00", "max_stake": "50.00"})

    assert (settings.min_stake, settings.max_stake) == (Decimal("1.00"), Decimal("500.00"))
