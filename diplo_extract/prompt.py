"""The messages sent to the LLM for one article.

The field descriptions in :mod:`diplo_extract.answer` carry the per-field rules (the model sees
them in the tool schema); this prompt says what the task is and the rules that cut across
fields. The article comes last, as numbered sentences, after everything that is the same for
every article, so servers that cache prompt prefixes evaluate only the article's own tokens.
Changing any text here changes every recording key: re-record the cassettes.
"""

from __future__ import annotations

import json
from typing import Any

from diplo_extract.answer import ExtractedEvents
from diplo_extract.articles import Article
from diplo_extract.sentences import numbered, split_sentences

SYSTEM_PROMPT = """\
You find diplomatic events in news articles: meetings, phone calls, visits, summits, \
negotiations and signed agreements between officials of different states or international \
organisations.

The article comes as numbered sentences. List every diplomatic event it reports: those that \
happened, planned ones, cancelled or postponed ones, and earlier ones it mentions. One entry \
per event, not per sentence: when several sentences tell of one event, give one entry with all \
their numbers: what was discussed, said or agreed at an event belongs to that event, not to a \
new "negotiation" or "planned" one. Different people, another day or another kind (a call is \
not a visit) make another event.

Write each event as one line: type | status | people | city | sentence numbers. The people \
are everyone who took part, each as Name (State they represent), separated by semicolons; the \
city is - when the article does not say it; the numbers are those of the sentences that report \
the event. Write names in English Latin \
spelling even when the article uses another script, without titles; name the people, not \
their ministries. Use only what the article says. If it reports no diplomatic event (a \
statement, trade figures, fighting, sport), give an empty list of events."""

#: A worked example. The small local model answers better with one (measured in the previous
#: format: 4 of 5 seeds came back empty without). Its sentences are not all cited, and not in
#: order, so that it does not teach listing one event per sentence.
EXAMPLE_ARTICLE = (
    "Publication date: 2023-03-02\n"
    "[1] Ankara, 2 March.\n"
    "[2] Yesterday in Ankara, Turkish Foreign Minister Mevlüt Çavuşoğlu received his Hungarian "
    "counterpart Péter Szijjártó.\n"
    "[3] Energy prices rose again this winter.\n"
    "[4] The ministers discussed energy transit and agreed to meet again in May in Budapest.\n"
    "[5] On Monday Çavuşoğlu had spoken by phone with Russian Foreign Minister Sergei Lavrov."
)
_MINISTERS = [
    {"name": "Mevlut Cavusoglu", "country": "Turkey"},
    {"name": "Peter Szijjarto", "country": "Hungary"},
]
EXAMPLE_ANSWER = ExtractedEvents.model_validate(
    {
        "events": [
            {"type": "visit", "status": "occurred", "who": _MINISTERS, "place": "Ankara",
             "sentences": [2, 4]},
            {"type": "meeting", "status": "planned", "who": _MINISTERS, "place": "Budapest",
             "sentences": [4]},
            {"type": "phone_call", "status": "occurred",
             "who": [_MINISTERS[0], {"name": "Sergei Lavrov", "country": "Russia"}],
             "place": None, "sentences": [5]},
        ]
    }
)  # fmt: skip


def system_prompt() -> str:
    """The instructions followed by the worked example."""
    answer = json.dumps(EXAMPLE_ANSWER.model_dump(mode="json"), ensure_ascii=False)
    example = f"Example. For this input:\n{EXAMPLE_ARTICLE}\nthe answer is:\n{answer}"
    return f"{SYSTEM_PROMPT}\n\n{example}"


def build_messages(article: Article) -> list[dict[str, Any]]:
    """System instructions, then the article as numbered sentences, with what is known of it."""
    published = article.published.isoformat() if article.published else "unknown"
    header = [f"Publication date: {published}"]
    if article.title:
        header.append(f"Title: {article.title}")
    user = "\n".join(header) + "\n" + numbered(split_sentences(article.text))
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": user},
    ]
