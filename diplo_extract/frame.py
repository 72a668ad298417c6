"""A pandas DataFrame of events, one row per event, for notebooks.

``to_frame(path)`` reads ``extract`` or ``merge`` output (``.jsonl``) or a file written by
``diplo-extract export`` (``.tsv``, ``.csv``, ``.parquet``) with the column types of
:data:`diplo_extract.export.COLUMNS`: CAMEO codes and dates stay strings, ids and counts are
nullable integers, coordinates floats. pandas is an optional extra: ``pip install
'diplo-extract[export]'``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from diplo_extract.export import COLUMNS, ExportError, load_events, row

_PANDAS_TYPES = {"string": "string", "int": "Int64", "float": "float64"}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ExportError(
            "to_frame needs pandas: pip install 'diplo-extract[export]' (or pip install pandas)."
        ) from None
    return pandas


def to_frame(path: str | Path) -> Any:
    """The events of ``path`` as a pandas DataFrame with the documented columns and types."""
    pd = _pandas()
    path = Path(path)
    dtypes = {name: _PANDAS_TYPES[kind] for name, kind, _ in COLUMNS}
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix in (".tsv", ".csv"):
        frame = pd.read_csv(
            path, sep="\t" if suffix == ".tsv" else ",", dtype=dtypes, keep_default_na=False,
            na_values=[""],
        )  # fmt: skip
    else:
        frame = pd.DataFrame([row(event) for event in load_events(path).events])
        if frame.empty:
            frame = pd.DataFrame(columns=[name for name, _, _ in COLUMNS])
    return frame.astype(dtypes)
