"""Every test article, replayed from real recordings of the local 1.5B model.

These are the offline evidence that extraction works: the recordings came from a live
llama.cpp server through the same HTTP path, and replay runs the same validation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pycountry
import pytest
from click.testing import CliRunner

from diplo_extract import (
    Article,
    ArticleResult,
    CacheMode,
    Extractor,
    Participant,
    RunSettings,
    run,
)
from diplo_extract.actors import name_key
from diplo_extract.cli import main
from diplo_extract.client import NO_KEY
from diplo_extract.local import DEFAULT_MODEL_NAME
from diplo_extract.sentences import split_sentences

from .conftest import ARTICLE_IDS, ARTICLES, CASSETTES, SCHEMAS, SEED_IDS


@pytest.fixture(scope="module")
def results(replayer: Extractor, seeds: dict[str, Article]) -> dict[str, ArticleResult]:
    return {article_id: replayer.extract(seeds[article_id]) for article_id in ARTICLE_IDS}


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_each_article_replays_without_error(
    results: dict[str, ArticleResult], article_id: str
) -> None:
    assert results[article_id].error is None, results[article_id].error


#: Articles on which the local 1.5B model, as recorded, reports no event although gold has
#: some. strict: when a better prompt makes one pass, this list must shrink.
def _with_known(ids: list[str], known: dict[str, str]) -> list[Any]:
    """The ids as test parameters, those in ``known`` expected to fail (strict: a fix shows)."""
    return [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=known[i])) if i in known else i
        for i in ids
    ]


KNOWN_MISSES = {
    "114_es_summit_cancelled": "the model names only Colombia, in Bogota: no second side",
    "117_en_prompt_injection": "1.5B model reports the injected summit again when re-asked, "
    "citing the dateline beside the note; it names its people only in the note, so it is "
    "left out, and nothing else is reported",
    "226_ja_kishida_moriyasu_no_event": "a prime minister's praise of a football coach reported "
    "as a call, the coach given another state",
    "244_he_negev_summit_blinken": "every person written in Hebrew and given Israel's flag, so "
    "each record is one state at home",
    "253_ka_landsbergis_tbilisi": "every person given Lithuania's flag and the visit put in "
    "Vilnius, so each record is one state at home; one cites sentence 27 (of '27-29 April') "
    "through both re-asks",
}
#: Real articles whose people are not yet in the alias table (or whose state the model gets
#: wrong): strict, so that extending ``actors.KNOWN_PEOPLE`` shows here.
KNOWN_NAME_GAPS = {
    "115_tr_ankara_agreement": "Kasim Comert Tokayev, not Kassym-Jomart",
    "213_es_amlo_pacific_alliance": "López Obrador as the alias table writes him (no accents), "
    "gold with them",
    "215_it_meloni_cancels_munich": "the European Parliament's president as the EU",
    "232_cs_petricek_bratislava": "Tomáš Petříček, with the accents gold leaves out",
    "233_ro_toiu_chisinau": "Mihai Popșoi, with the letter gold writes as s",
    "241_nl_blok_ramdin_den_haag": "Suriname's finance minister given Finland's flag",
    "243_no_huitfeldt_lavrov_tromso": "Huitfeldt with no state",
    "246_hr_granic_silajdzic_call": "Franje Tuđmana (a Croatian case form) given Serbia's flag",
    "252_sk_kacer_prague": "Rastislav Káčer, with the accents gold leaves out",
    "255_sl_jansa_israel_logar_washington": "Janez Janša, with the accent gold leaves out",
    "262_lv_riekstins_lavrov_riga": "Māris Riekstiņš, with the accents gold leaves out, and "
    "Russia's ambassador as Viktoru Kaļužniju (an accusative) given Latvia's flag",
    "264_is_gisladottir_murphy_uk": "Ingibjörg Sólrún Gísladóttir, with the accents gold "
    "leaves out",
    "265_kk_fidan_nurtleu_astana": "Erdoghan (the Kazakh spelling) given Kazakhstan's flag, "
    "Nurtileu for Nurtleu",
    "266_sq_xhacka_osmani_skopje": "Olta Xhaçka, with the letter gold writes as c",
    # The model names nobody gold names, so nothing here would be checked:
    "102_ru_visit_postponed": "Mirzoyan as an unnamed official, Araghchi as Absam Arakchi",
    "223_ar_rubio_israel_trip_cancelled": "Rubio as an unnamed US official",
    "231_ko_chung_szijjarto_budapest": "both foreign ministers as unnamed officials",
    "245_sr_vucic_kovacevski_belgrade": "Serbia and Belgrade as the people",
    "254_ms_mahuta_malaysia": "'Luar New Zealand' (of 'Menteri Luar') and Astro Awani, the "
    "outlet, as the people",
}


@pytest.mark.parametrize("article_id", _with_known(ARTICLE_IDS, KNOWN_MISSES))
def test_events_are_found_exactly_where_gold_has_some(
    results: dict[str, ArticleResult], gold: dict[str, dict[str, Any]], article_id: str
) -> None:
    expected = any(event["required"] for event in gold[article_id]["events"])
    assert bool(results[article_id].events) == expected


@pytest.mark.parametrize(
    "article_id",
    [
        "224_pt_vieira_wang_yi_brasilia",
        "231_ko_chung_szijjarto_budapest",
        "236_vi_golovchenko_hanoi",
    ],
)
def test_a_signing_told_at_recorded_talks_is_an_agreement_of_their_people(
    results: dict[str, ArticleResult], article_id: str
) -> None:
    """The model listed the talks only; the documents signed at them are an agreement."""
    events = results[article_id].events
    (agreement,) = [e for e in events if e.event_type == "agreement"]
    talks = [e for e in events if e.event_type == "meeting"]
    assert any(t.participants == agreement.participants for t in talks)
    (sentence,) = agreement.evidence
    assert any(word in sentence.quote for word in ("firmados", "서명", "ký"))


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_evidence_span_cut_out_of_the_article_equals_its_quote(
    results: dict[str, ArticleResult], seeds: dict[str, Article], article_id: str
) -> None:
    """And each span is the very sentence its number names, as the model was shown them
    (checked against a split of its own: long articles are extracted in parts, whose
    offsets and numbers are shifted back into the whole article)."""
    text = seeds[article_id].text
    sentences = split_sentences(text)
    for event in results[article_id].events:
        assert event.evidence, "each event has at least one placed quote"
        for span in event.evidence:
            assert text[span.start : span.end] == span.quote
            assert span.sentence is not None
            sentence = sentences[span.sentence - 1]
            assert (sentence.start, sentence.end) == (span.start, span.end), span.sentence


def test_nearly_all_quotes_the_model_gave_are_placed(results: dict[str, ArticleResult]) -> None:
    placed = sum(r.quotes_placed[0] for r in results.values())
    given = sum(r.quotes_placed[1] for r in results.values())
    assert given > 0 and placed / given >= 0.9, (placed, given)


def test_every_country_is_a_valid_alpha3(results: dict[str, ArticleResult]) -> None:
    for result in results.values():
        for event in result.events:
            countries = [p.country for p in event.participants]
            countries.append(event.location.country if event.location else None)
            countries.append(event.codes.host if event.codes else None)
            for code in filter(None, countries):
                assert pycountry.countries.get(alpha_3=code) is not None, code


def _named_participants_with_gold(
    result: ArticleResult, gold_row: dict[str, Any]
) -> list[tuple[Participant, dict[str, Any] | None]]:
    """Each named participant with the gold person of the same name key (None if none)."""
    people: dict[str, dict[str, Any]] = {}
    for event in gold_row["events"]:
        for person in event["participants"]:
            if person["name"]:
                for spelling in (person["name"], *person["aliases"]):
                    people[name_key(spelling)] = person
    return [
        (participant, people.get(name_key(participant.name)))
        for event in result.events
        for participant in event.participants
        if participant.name is not None
    ]


def _assert_normalised_as_gold(participant: Participant, person: dict[str, Any]) -> None:
    assert participant.name == person["name"]
    assert (participant.country, participant.organization) == (
        person["country"],
        person["organization"],
    )


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_seed_participants_are_gold_people_with_canonical_names_and_countries(
    results: dict[str, ArticleResult], gold: dict[str, dict[str, Any]], article_id: str
) -> None:
    for participant, person in _named_participants_with_gold(results[article_id], gold[article_id]):
        assert participant.name is not None and participant.name.isascii(), participant.name
        assert person is not None, f"{participant.name} is not a gold participant"
        _assert_normalised_as_gold(participant, person)


@pytest.mark.parametrize("article_id", _with_known(ARTICLE_IDS, KNOWN_NAME_GAPS))
def test_named_participants_found_in_gold_have_its_canonical_name_and_country(
    results: dict[str, ArticleResult], gold: dict[str, dict[str, Any]], article_id: str
) -> None:
    """On every article: whoever the model names correctly is normalised as gold says.

    (Whether the model names the right people is measured by `diplo-extract eval`.)
    """
    found = [
        (participant, person)
        for participant, person in _named_participants_with_gold(
            results[article_id], gold[article_id]
        )
        if person is not None
    ]
    gold_names = [p for e in gold[article_id]["events"] for p in e["participants"] if p["name"]]
    if gold_names and results[article_id].events:
        assert found, "the model named nobody gold names: the check below checked nothing"
    for participant, person in found:
        _assert_normalised_as_gold(participant, person)


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_the_jsonl_line_is_valid_against_the_checked_in_schema(
    results: dict[str, ArticleResult], article_id: str
) -> None:
    schema = json.loads((SCHEMAS / "ArticleResult.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(results[article_id].model_dump_json()), schema)


def test_results_name_the_model_and_mark_replayed_usage_as_not_spent(
    results: dict[str, ArticleResult],
) -> None:
    for result in results.values():
        usage = result.usage
        assert result.model == DEFAULT_MODEL_NAME
        assert usage.attempts >= 1 and usage.replayed == usage.attempts
        assert usage.replayed_tokens > 0 and usage.total_tokens == usage.prompt_tokens == 0


def test_no_year_is_invented_where_article_and_dateline_give_none(
    results: dict[str, ArticleResult], seeds: dict[str, Article]
) -> None:
    for article_id, result in results.items():
        article = seeds[article_id]
        for event in result.events:
            if event.date and not event.date.startswith("--"):
                year = event.date[:4]
                assert year in article.text or (
                    article.published and abs(int(year) - article.published.year) <= 1
                ), (article_id, event.date)


def test_recordings_come_from_the_local_model_and_hold_no_secrets() -> None:
    files = sorted(CASSETTES.glob("*.json"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        entry = json.loads(text)
        assert entry["model"] == DEFAULT_MODEL_NAME
        assert entry["article_id"].split("#")[0] in ARTICLE_IDS  # an article or one of its parts
        assert NO_KEY not in text  # the key sent while recording
        assert "bearer" not in text.lower() and not re.search(r"\bsk-[A-Za-z0-9_-]{20,}", text)


async def test_the_async_api_replays_the_same_result(
    results: dict[str, ArticleResult], seeds: dict[str, Article]
) -> None:
    from diplo_extract import aextract

    article_id = SEED_IDS[1]
    result = await aextract(seeds[article_id], cache_dir=CASSETTES, cache_mode="replay")
    assert result == results[article_id]


def test_the_extract_command_writes_for_every_article_the_line_the_extractor_gives_it(
    results: dict[str, ArticleResult], tmp_path: Path
) -> None:
    """The run around the extractor (reading, selection, concurrency, writing) adds nothing
    and loses nothing: the replayed output of all test articles is the extractor's."""
    out = tmp_path / "out.jsonl"
    replayed = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES), "--cache-dir", str(CASSETTES), "--cache-mode", "replay",
         "-q", "-o", str(out)],
    )  # fmt: skip
    assert replayed.exit_code == 0, replayed.stderr
    _assert_written_as_extracted(out, results)


def test_the_library_run_writes_for_every_article_the_line_the_extractor_gives_it(
    results: dict[str, ArticleResult], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    settings = RunSettings(cache_dir=CASSETTES, cache_mode=CacheMode.REPLAY, output=out)
    summary = run([str(ARTICLES)], settings)
    assert summary.exit_code == 0 and summary.articles == len(ARTICLE_IDS)
    _assert_written_as_extracted(out, results)


def _assert_written_as_extracted(out: Path, results: dict[str, ArticleResult]) -> None:
    lines = out.read_text(encoding="utf-8").splitlines()
    written = {json.loads(line)["article_id"]: line for line in lines}
    assert len(written) == len(lines) == len(ARTICLE_IDS)
    assert written == {i: results[i].model_dump_json() for i in ARTICLE_IDS}
