"""The messages sent to the LLM for one article.

The field descriptions in :mod:`diplo_extract.models` carry the per-field rules (the model sees
them in the tool schema); this prompt says what the task is and the rules that cut across
fields. Changing any text here changes every recording key: re-record the cassettes.
"""

from __future__ import annotations

import json
from typing import Any

from diplo_extract.answer import ExtractedEvents
from diplo_extract.articles import Article

SYSTEM_PROMPT = """\
You extract diplomatic events from news articles for an event database.

A diplomatic event is a meeting, phone call, visit, summit, round of negotiations or signed \
agreement between officials of different states or international organisations. Report every \
such event the article describes: the main one, planned ones, and earlier ones it mentions. \
Ignore events that are not diplomatic (trade figures, war history, general statements).

Rules:
- Use only what the article says. Never invent people, places, dates or outcomes.
- Participants are people: name the person who led each side, not the ministry. If nobody is \
named, give the office (role and country) with name null.
- Names, roles, cities, topics, summary and outcomes in English; names in Latin script.
- Dates: ISO 8601 at the precision the article gives. If the article gives day and month but \
no year, and no publication date is given, write --MM-DD. Never guess a year.
- Evidence: copy one to three sentences word for word from the article, in its own language.
- If the article reports no diplomatic event, return an empty list of events."""

#: A worked example. Without it the 1.5B local model answers most articles with an empty
#: list under grammar-constrained decoding (measured: 4 of 5 seeds empty, 0 of 3 with it).
#: Built through the model class, so it always matches the schema the LLM is given.
EXAMPLE_ARTICLE = (
    "Publication date: 2023-03-02\n\nArticle:\nYesterday in Ankara, Turkish Foreign Minister "
    "Mevlüt Çavuşoğlu received his Hungarian counterpart Péter Szijjártó. They discussed energy "
    "transit and agreed to meet again in May."
)
_MINISTERS = [
    {
        "name": "Mevlut Cavusoglu",
        "name_original": "Mevlüt Çavuşoğlu",
        "role": "Minister of Foreign Affairs",
        "country": "Turkey",
        "organization": None,
    },
    {
        "name": "Peter Szijjarto",
        "name_original": "Péter Szijjártó",
        "role": "Minister of Foreign Affairs",
        "country": "Hungary",
        "organization": None,
    },
]
EXAMPLE_ANSWER = ExtractedEvents.model_validate(
    {
        "events": [
            {
                "event_type": "visit",
                "status": "occurred",
                "date": "2023-03-01",
                "date_text": "Yesterday",
                "location": {"city": "Ankara", "country": "Turkey"},
                "participants": _MINISTERS,
                "topics": [{"label": "energy transit", "category": "energy"}],
                "summary": "Hungary's foreign minister visited Ankara and met his Turkish "
                "counterpart.",
                "outcomes": ["agreed to meet again in May"],
                "evidence": [
                    "Yesterday in Ankara, Turkish Foreign Minister Mevlüt Çavuşoğlu received his "
                    "Hungarian counterpart Péter Szijjártó."
                ],
            },
            {
                "event_type": "meeting",
                "status": "planned",
                "date": "2023-05",
                "date_text": "in May",
                "location": None,
                "participants": _MINISTERS,
                "topics": [],
                "summary": "The two ministers plan to meet again in May.",
                "outcomes": [],
                "evidence": ["They discussed energy transit and agreed to meet again in May."],
            },
        ]
    }
)


def system_prompt() -> str:
    """The instructions followed by the worked example."""
    answer = json.dumps(EXAMPLE_ANSWER.model_dump(mode="json"), ensure_ascii=False)
    return (
        f"{SYSTEM_PROMPT}\n\nExample. For this input:\n{EXAMPLE_ARTICLE}\nthe answer is:\n{answer}"
    )


def build_messages(article: Article) -> list[dict[str, Any]]:
    """System instructions, then the article with what is known about it."""
    published = article.published.isoformat() if article.published else "unknown"
    header = [f"Publication date: {published}"]
    if article.title:
        header.append(f"Title: {article.title}")
    user = "\n".join(header) + "\n\nArticle:\n" + article.text.strip()
    return [
        {"role": "system", "content": system_prompt()},
        {"role": "user", "content": user},
    ]
