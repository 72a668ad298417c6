"""Replay recorded exchanges: no model, no network, same validation as a live run.

python examples/replay.py
"""

from pathlib import Path

from diplo_extract import Article, Extractor, read_inputs

root = Path(__file__).resolve().parent.parent
with Extractor(cache_dir=root / "fixtures" / "cassettes", cache_mode="replay") as extractor:
    for item in read_inputs([str(root / "fixtures" / "articles")]):
        if isinstance(item, Article):
            result = extractor.extract(item)
            status = result.error.type if result.error else f"{len(result.events)} events"
            print(f"{result.article_id}  {result.language}  {status}")
