"""Events as a pandas DataFrame: replay the test articles, then count dyads and places.

python examples/to_frame.py   (needs the 'export' extra: pip install 'diplo-extract[export]')
"""

import tempfile
from pathlib import Path

from diplo_extract import Article, Extractor, read_inputs, to_frame

root = Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as folder:
    output = Path(folder) / "events.jsonl"
    with (
        Extractor(cache_dir=root / "fixtures" / "cassettes", cache_mode="replay") as extractor,
        output.open("w", encoding="utf-8") as stream,
    ):
        for item in read_inputs([str(root / "fixtures" / "articles")]):
            if isinstance(item, Article):
                stream.write(extractor.extract(item).model_dump_json() + "\n")
    events = to_frame(output)  # also reads files written by `diplo-extract export`

print(events[["event_id", "date", "cameo", "actor_country", "recipient_country"]].head(10))
print(events.groupby("cameo").size())  # CAMEO stays text: "042", not 42
print(
    events.dropna(subset=["actor_country"]).groupby(["actor_country", "recipient_country"]).size()
)
print(events[["place_city", "latitude", "longitude"]].dropna().drop_duplicates().head())
