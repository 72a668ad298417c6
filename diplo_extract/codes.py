"""CAMEO and PLOVER codes, derived in code from what the model judged (type and status) and from
who hosts whom (the venue's country against the participants' countries).

Event-data pipelines speak CAMEO (GDELT, ICEWS) or PLOVER (POLECAT). The model is never asked
for codes: it would guess, and the mapping is a pure function of fields it already gives.

==============================  =====================================  ===========  ============
situation                       CAMEO                                  PLOVER type  PLOVER mode
==============================  =====================================  ===========  ============
cancelled or postponed (any)    125 Reject proposal to meet, discuss   REJECT       (none)
planned agreement               030 Express intent to cooperate        AGREE        (none)
planned (any other type)        036 Express intent to meet/negotiate   AGREE        (none)
phone call                      041 Discuss by telephone               CONSULT      phone
agreement signed                057 Sign formal agreement              SUPPORT      (none)
negotiation                     046 Engage in negotiation              CONSULT      by venue
visit, meeting or summit in a   042 Make a visit (the visitors; the    CONSULT      visit
participant's country, or at    host's side is 043 Host a visit)
an organisation's seat
... in a country none of the    044 Meet at a "third" location         CONSULT      third-party
participants represents
... venue unknown: visit        042 Make a visit                       CONSULT      visit
... venue unknown: other        040 Consult, not specified             CONSULT      unspecified
summit of three or more states  as above by venue                      CONSULT      multilateral
other                           (no code: not enough to choose one)
==============================  =====================================  ===========  ============
"""

from __future__ import annotations

from collections.abc import Iterable

from diplo_extract.models import EventCodes

CAMEO_LABELS = {
    "030": "Express intent to cooperate, not specified below",
    "036": "Express intent to meet or negotiate",
    "040": "Consult, not specified below",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a 'third' location",
    "046": "Engage in negotiation",
    "057": "Sign formal agreement",
    "125": "Reject proposal to meet, discuss, or negotiate",
}


def _codes(cameo: str, plover_type: str, mode: str | None, host: str | None = None) -> EventCodes:
    return EventCodes(
        cameo=cameo, cameo_label=CAMEO_LABELS[cameo], plover_type=plover_type, plover_mode=mode,
        host=host,
    )  # fmt: skip


#: Where international organisations are at home: a meeting with the EU in Brussels is a visit
#: to the EU, not a meeting at a third location.
ORGANISATION_SEATS = {
    "European Union": {"BEL", "LUX", "FRA"},
    "NATO": {"BEL"},
    "OSCE": {"AUT"},
    "United Nations": {"USA", "CHE", "AUT", "KEN"},
}


def event_codes(
    event_type: str,
    status: str,
    participant_countries: Iterable[str | None],
    venue_country: str | None,
    organisations: Iterable[str | None] = (),
) -> EventCodes | None:
    """The codes for one event; None for type 'other', which no single code describes."""
    if status == "cancelled":
        return _codes("125", "REJECT", None)
    if status == "planned":
        return _codes("030" if event_type == "agreement" else "036", "AGREE", None)
    if event_type == "phone_call":
        return _codes("041", "CONSULT", "phone")
    if event_type == "agreement":
        return _codes("057", "SUPPORT", None)
    if event_type == "other":
        return None
    states = {country for country in participant_countries if country}
    host = venue_country if venue_country in states else None
    at_home = {seat for org in organisations if org for seat in ORGANISATION_SEATS.get(org, ())}
    if (host is not None and len(states) > 1) or (venue_country in at_home and states):
        cameo, mode = "042", "visit"
    elif venue_country is not None and states and venue_country not in states:
        cameo, mode = "044", "third-party"
    elif event_type == "visit":
        cameo, mode = "042", "visit"
    else:
        cameo, mode = "040", "unspecified"
    if event_type == "negotiation":
        cameo = "046"
    if event_type == "summit" and len(states) >= 3:
        mode = "multilateral"
    return _codes(cameo, "CONSULT", mode, host)
