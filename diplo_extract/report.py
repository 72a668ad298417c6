"""One self-contained HTML page of what was found and why, for a person to look at.

Each article's text with every event's evidence highlighted where its offsets say, a table of
events with filters, a timeline and a graph of who met whom. Everything is inline (no network);
article text is escaped, so an article holding ``<script>`` shows it as text and never runs
it. The page checks itself on load: it compares each highlight with the text at its offsets
and records any script error, in ``#selfcheck``, which the headless-browser test reads.
Offsets in the page are UTF-16 units (JavaScript's), converted from the JSONL's code points,
and the text reaches the DOM character for character (CRs as references, NULs as U+FFFD).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from diplo_extract.models import ArticleResult, DiplomaticEvent

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 2rem 3rem;color:#222;max-width:1200px}
h1{font-size:1.4rem;margin:1.2rem 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 6px;
border-bottom:1px solid #ddd;vertical-align:top}th{background:#f3f3f3}
tr.hidden{display:none}td.date{white-space:nowrap}
.filters{display:flex;gap:.8rem;margin:.5rem 0;flex-wrap:wrap}
pre.text{white-space:pre-wrap;font:13px/1.5 Georgia,serif;background:#fafafa;padding:.8rem;
border:1px solid #e5e5e5}mark{padding:0 1px;border-radius:2px}
.e0{background:#ffe08a}.e1{background:#b5e3ff}.e2{background:#c8f2c2}.e3{background:#ffc9de}
.e4{background:#e0d1ff}.e5{background:#ffd6a8}.e6{background:#c2f0ef}.e7{background:#eee29b}
mark.multi{outline:2px solid #c33}.flag{color:#b00;font-weight:600}.muted{color:#777}
svg text{font:11px system-ui,sans-serif}.dot{fill:#2a6fdb}.dot.dim{opacity:.15}
"""

#: Nothing may be fetched: the page is one file, and stays one when opened offline.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_SCRIPT = """
(function () {
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); });
  var data = JSON.parse(document.getElementById('data').textContent);
  function applyFilters() {
    var type = document.getElementById('f-type').value;
    var status = document.getElementById('f-status').value;
    var words = document.getElementById('f-text').value.toLowerCase();
    document.querySelectorAll('tr.event').forEach(function (row) {
      var show = (!type || row.dataset.type === type) &&
                 (!status || row.dataset.status === status) &&
                 (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
      row.classList.toggle('hidden', !show);
      var dot = document.getElementById('dot-' + row.dataset.key);
      if (dot) { dot.classList.toggle('dim', !show); }
    });
  }
  ['f-type', 'f-status', 'f-text'].forEach(function (id) {
    document.getElementById(id).addEventListener('input', applyFilters);
  });
  var checked = 0, wrong = [];
  data.articles.forEach(function (article) {
    var pre = document.getElementById('text-' + article.index);
    if (!pre) { return; }
    var text = pre.textContent;
    var marks = Array.prototype.slice.call(pre.querySelectorAll('mark'));
    article.spans.forEach(function (span) {
      checked += 1;
      if (text.slice(span.start, span.end) !== span.quote) {
        wrong.push(article.id + ': text at ' + span.start + ' is not the quote');
      }
      var marked = marks.filter(function (m) {
        return m.dataset.events.split(' ').indexOf(String(span.key)) >= 0 &&
               +m.dataset.start >= span.start && +m.dataset.end <= span.end;
      }).map(function (m) { return m.textContent; }).join('');
      if (marked !== span.quote) { wrong.push(article.id + ': highlight of event ' + span.key); }
    });
  });
  document.getElementById('selfcheck').textContent =
    JSON.stringify({spans: checked, wrong: wrong, errors: errors});
  document.body.setAttribute('data-ready', '1');
})();
"""


def _e(value: object) -> str:
    """Escaped for HTML; a NUL (which the parser would drop) shows as U+FFFD."""
    return html.escape(str(value), quote=True).replace("\x00", "\ufffd")


def _who(event: DiplomaticEvent) -> list[str]:
    return [p.name or f"{p.role or 'office'} ({p.country or p.organization or '?'})"
            for p in event.participants]  # fmt: skip


def _place(event: DiplomaticEvent) -> str:
    if event.location is None:
        return ""
    return ", ".join(x for x in (event.location.city, event.location.country) if x)


def _as_in_the_page(text: str) -> str:
    """The text as the page's DOM holds it (see :func:`_e`), for the page's self-check."""
    return text.replace("\x00", "\ufffd")


def _text_node(text: str) -> str:
    """Escaped for HTML so that the DOM gets exactly ``text``: the parser turns a raw CR (and
    CRLF) into LF, but keeps a CR written as a character reference."""
    return _e(text).replace("\r", "&#13;")


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Maps a code-point offset of ``text`` (Python's, and the JSONL's) to the UTF-16 offset
    JavaScript uses; they differ after each character outside the BMP (emoji, some CJK)."""
    if all(ord(char) < 0x10000 for char in text):
        return int
    prefix = list(itertools.accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0))
    return prefix.__getitem__


def _highlighted(text: str, spans: Sequence[tuple[int, int, int]]) -> str:
    """``text`` escaped, with each stretch covered by evidence in a <mark> naming its events;
    the marks' offsets are UTF-16 units, as the page's script counts."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    js = utf16_offsets(text)
    parts = []
    for start, end in itertools.pairwise(cuts):
        keys = [k for s, e, k in spans if s <= start and end <= e]
        piece = _text_node(text[start:end])
        if not keys:
            parts.append(piece)
            continue
        css = f"e{keys[0] % 8}" + (" multi" if len(keys) > 1 else "")
        parts.append(
            f'<mark class="{css}" data-events="{" ".join(map(str, keys))}" '
            f'data-start="{js(start)}" data-end="{js(end)}" '
            f'title="event {", ".join(map(str, keys))}">{piece}</mark>'
        )
    return "".join(parts)


def _day(date: str | None) -> dt.date | None:
    """The first day a full or partial ISO date may denote (None without a year)."""
    if not date or date.startswith("--"):
        return None
    parts = [int(p) for p in date.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _timeline(rows: Sequence[tuple[int, ArticleResult, DiplomaticEvent]]) -> str:
    dated = [(k, _day(e.date), e) for k, _, e in rows if _day(e.date) is not None]
    if not dated:
        return '<p class="muted">No event has a date with a year.</p>'
    days = [d.toordinal() for _, d, _ in dated if d is not None]
    low, high = min(days), max(days)
    width, span = 1000, max(high - low, 1)
    dots = []
    for k, day, event in dated:
        assert day is not None
        x = 40 + (day.toordinal() - low) / span * (width - 80)
        y = 30 + (k % 5) * 12
        label = f"{event.date} {event.event_type}: {', '.join(_who(event))}"
        dots.append(
            f'<circle id="dot-{k}" class="dot" cx="{x:.1f}" cy="{y}" r="5">'
            f"<title>{_e(label)}</title></circle>"
        )
    first, last = dt.date.fromordinal(low).isoformat(), dt.date.fromordinal(high).isoformat()
    return (
        f'<svg id="timeline" width="{width}" height="110" role="img" aria-label="timeline">'
        f'<line x1="40" y1="95" x2="{width - 40}" y2="95" stroke="#999"/>'
        f'<text x="40" y="108">{first}</text>'
        f'<text x="{width - 40}" y="108" text-anchor="end">{last}</text>{"".join(dots)}</svg>'
    )


def _graph(rows: Sequence[tuple[int, ArticleResult, DiplomaticEvent]]) -> str:
    edges: Counter[tuple[str, str]] = Counter()
    for _, _, event in rows:
        names = sorted(set(_who(event)))
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                edges[(a, b)] += 1
    nodes = sorted({n for edge in edges for n in edge})
    if not nodes:
        return '<p class="muted">No event has two participants.</p>'
    size, radius = 760, 280
    at = {
        n: (size / 2 + radius * math.cos(2 * math.pi * i / len(nodes)),
            size / 2 + radius * math.sin(2 * math.pi * i / len(nodes)))
        for i, n in enumerate(nodes)
    }  # fmt: skip
    lines = [
        f'<line x1="{at[a][0]:.1f}" y1="{at[a][1]:.1f}" x2="{at[b][0]:.1f}" y2="{at[b][1]:.1f}" '
        f'stroke="#7a9cc6" stroke-width="{1 + count}"><title>{_e(a)} – {_e(b)}: {count} '
        f"event(s)</title></line>"
        for (a, b), count in sorted(edges.items())
    ]
    labels = [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#333"/>'
        f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle">{_e(n)}</text>'
        for n, (x, y) in at.items()
    ]
    return (
        f'<svg id="graph" width="{size}" height="{size}" role="img" aria-label="who met whom">'
        f"{''.join(lines)}{''.join(labels)}</svg>"
    )


def build_report(
    results: Sequence[ArticleResult], texts: dict[str, str], title: str = "diplo-extract report"
) -> str:
    """The page for ``results``; ``texts`` maps article ids to their text (for highlights)."""
    rows = []
    key = 0
    for result in results:
        for event in result.events:
            rows.append((key, result, event))
            key += 1
    data: dict[str, Any] = {"articles": []}
    sections = []
    by_article: dict[str, list[tuple[int, DiplomaticEvent]]] = {}
    for k, result, event in rows:
        by_article.setdefault(result.article_id, []).append((k, event))
    for index, result in enumerate(results):
        events = by_article.get(result.article_id, [])
        text = texts.get(result.article_id)
        # Only evidence still at its offsets: a text edited since extraction shows as such.
        placed = [
            (k, s)
            for k, e in events
            for s in e.evidence
            if text is not None and s.end <= len(text) and text[s.start : s.end] == s.quote
        ]
        moved = sum(len(e.evidence) for _, e in events) - len(placed)
        spans = [(s.start, s.end, k) for k, s in placed]
        header = f'<h3 id="article-{index}">{_e(result.article_id)}</h3>'
        meta = (
            f'<p class="muted">{_e(result.language or "")} · published '
            f"{_e(result.published or 'unknown')} · {len(events)} event(s)"
            + (f' · <span class="flag">{_e(result.error.type)}</span>' if result.error else "")
            + (
                f' · <span class="flag">{moved} evidence passage(s) not found at their offsets '
                "in this text: was it edited since extraction?</span>"
                if text is not None and moved
                else ""
            )
            + "</p>"
        )
        if text is None:
            body = '<p class="muted">Article text not given to the report.</p>'
        else:
            text = _as_in_the_page(text)
            body = f'<pre class="text" id="text-{index}">{_highlighted(text, spans)}</pre>'
            js = utf16_offsets(text)
            data["articles"].append(
                {
                    "index": index,
                    "id": result.article_id,
                    "spans": [
                        {
                            "key": k,
                            "start": js(s.start),
                            "end": js(s.end),
                            "quote": _as_in_the_page(s.quote),
                        }
                        for k, s in placed
                    ],
                }
            )
        sections.append(f"<section>{header}{meta}{body}</section>")
    index_of = {r.article_id: i for i, r in enumerate(results)}
    table_rows = [
        f'<tr class="event" data-key="{k}" data-type="{_e(e.event_type)}" '
        f'data-status="{_e(e.status)}"><td>{k}</td>'
        f'<td><a href="#article-{index_of[r.article_id]}">{_e(r.article_id)}</a></td>'
        f"<td>{_e(e.event_type)}</td><td>{_e(e.status)}</td>"
        f'<td class="date">{_e(e.date or "")}</td>'
        f"<td>{_e(_place(e))}</td><td>{_e('; '.join(_who(e)))}</td>"
        f"<td>{_e(e.codes.cameo if e.codes else '')}</td>"
        f'<td class="flag">{_e(" ".join(e.flags))}</td></tr>'
        for k, r, e in rows
    ]
    types = sorted({e.event_type for _, _, e in rows})
    statuses = sorted({e.status for _, _, e in rows})
    failed = sum(1 for r in results if r.error)
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    type_options = "".join(f"<option>{_e(t)}</option>" for t in types)
    status_options = "".join(f"<option>{_e(s)}</option>" for s in statuses)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{_e(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{_e(title)}</h1>
<p>{len(results)} articles, {len(rows)} events, {failed} failed articles.</p>
<h2>Events</h2>
<div class="filters">
<label>type <select id="f-type"><option value="">all</option>{type_options}</select></label>
<label>status <select id="f-status"><option value="">all</option>{status_options}</select></label>
<label>contains <input id="f-text" type="search" placeholder="name, place, date"></label>
</div>
<table id="events"><thead><tr><th>#</th><th>article</th><th>type</th><th>status</th><th>date</th>
<th>place</th><th>participants</th><th>CAMEO</th><th>flags</th></tr></thead>
<tbody>{"".join(table_rows)}</tbody></table>
<h2>Timeline</h2>{_timeline(rows)}
<h2>Who met whom</h2>{_graph(rows)}
<h2>Articles</h2>{"".join(sections)}
<pre id="selfcheck" class="muted"></pre>
<script type="application/json" id="data">{payload}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
