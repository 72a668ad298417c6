"""An answer line that tells an event and a plan made at it, as the two events they are.

A small model cites, for a call that occurred, also the sentence in which the two sides
"agreed to meet in person next week", and the plan is lost inside the call. The prompt's
example shows the two apart; the 1.5B model still joins them. The dates settle it in code:
a cited sentence whose date phrases all lie after publication tells of something still to
come (see :func:`diplo_extract.dates.lies_ahead`).
"""

from __future__ import annotations

from collections.abc import Sequence

from diplo_extract.answer import EventAnswer
from diplo_extract.articles import Article
from diplo_extract.dates import lies_ahead
from diplo_extract.sentences import Sentence
from diplo_extract.telephoning import speaks_of_calling


def plans_told_apart(
    event: EventAnswer, article: Article, sentences: Sequence[Sentence]
) -> list[EventAnswer]:
    """The event, with what its cited sentences date after publication told as a plan.

    Only an "occurred" line is split; a planned or cancelled one already says the event is
    not past. Every cited sentence dated ahead: the event itself is planned. Some: the others
    keep the line's kind and status, and those ahead become a planned event of the same
    people (a meeting, when a call's plan does not speak of calling), with the city only if
    they name it. A sentence with a past date besides the future one is not moved.
    """
    if event.status != "occurred":
        return [event]
    names = [person.name for person in event.who if person.name]
    texts = {
        n: sentences[n - 1].text for n in dict.fromkeys(event.sentences) if 1 <= n <= len(sentences)
    }
    ahead = [
        n for n, text in texts.items()
        if lies_ahead(text, article.published, article.language, names)
    ]  # fmt: skip
    if not ahead:
        return [event]
    if len(ahead) == len(texts):
        return [event.model_copy(update={"status": "planned"})]
    plan_texts = [texts[n] for n in ahead]
    plan_type = event.type
    if plan_type == "phone_call" and not speaks_of_calling(plan_texts, article.language):
        plan_type = "meeting"
    place = event.place if event.place and any(event.place in t for t in plan_texts) else None
    told = [n for n in event.sentences if n not in ahead]
    return [
        event.model_copy(update={"sentences": told}),
        event.model_copy(
            update={"type": plan_type, "status": "planned", "place": place, "sentences": ahead}
        ),
    ]
