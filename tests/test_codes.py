"""CAMEO and PLOVER codes follow from type, status and who hosts whom."""

from __future__ import annotations

import pytest

from diplo_extract.codes import event_codes


@pytest.mark.parametrize(
    ("event_type", "status", "countries", "venue", "cameo", "plover", "mode"),
    [
        ("phone_call", "occurred", ["USA", "AZE"], None, "041", "CONSULT", "phone"),
        ("visit", "occurred", ["RUS", "AZE"], "AZE", "042", "CONSULT", "visit"),
        ("meeting", "occurred", ["RUS", "AZE"], "AZE", "042", "CONSULT", "visit"),
        ("meeting", "occurred", ["ARM", "AZE"], "BEL", "044", "CONSULT", "third-party"),
        ("visit", "occurred", ["RUS", "AZE"], None, "042", "CONSULT", "visit"),
        ("meeting", "occurred", ["RUS", "AZE"], None, "040", "CONSULT", "unspecified"),
        ("negotiation", "occurred", ["ARM", "AZE"], "BEL", "046", "CONSULT", "third-party"),
        ("summit", "occurred", ["ARM", "AZE", "FRA"], "CZE", "044", "CONSULT", "multilateral"),
        ("agreement", "occurred", ["ARM", "AZE"], "USA", "057", "SUPPORT", None),
        ("meeting", "planned", ["ARM", "AZE"], "BEL", "036", "AGREE", None),
        ("agreement", "planned", ["ARM", "AZE"], None, "030", "AGREE", None),
        ("visit", "cancelled", ["USA", "AZE"], "AZE", "125", "REJECT", None),
    ],
)
def test_the_mapping_table(
    event_type: str,
    status: str,
    countries: list[str],
    venue: str | None,
    cameo: str,
    plover: str,
    mode: str | None,
) -> None:
    codes = event_codes(event_type, status, countries, venue)
    assert codes is not None
    assert (codes.cameo, codes.plover_type, codes.plover_mode) == (cameo, plover, mode)


def test_a_visit_records_its_host() -> None:
    codes = event_codes("visit", "occurred", ["RUS", "AZE"], "AZE")
    assert codes is not None and codes.host == "AZE" and codes.cameo_label == "Make a visit"


def test_other_events_get_no_code() -> None:
    assert event_codes("other", "occurred", ["RUS"], None) is None


def test_a_meeting_with_the_eu_in_brussels_is_a_visit_not_a_third_location() -> None:
    codes = event_codes("meeting", "occurred", [None, "AZE"], "BEL", [None, "European Union"])
    assert codes is not None and (codes.cameo, codes.plover_mode) == ("042", "visit")
