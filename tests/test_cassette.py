"""Record/replay at the HTTP layer: keys, files, modes, and no secrets in recordings."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from diplo_extract import Article, Extractor
from diplo_extract.cassette import (
    CacheMode,
    Cassette,
    CassetteTransport,
    DamagedRecording,
    recording_label,
    request_key,
)
from diplo_extract.errors import CassetteMiss

from .conftest import CASSETTES

BODY = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 0}
ANSWER = {
    "id": "c1",
    "model": "m-served",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}}],
}


def _request(host: str = "127.0.0.1:8001", body: dict[str, object] | None = None) -> httpx.Request:
    return httpx.Request(
        "POST",
        f"http://{host}/v1/chat/completions",
        json=body or BODY,
        headers={"Authorization": "Bearer sk-secret-123"},
    )


class Server:
    """A stand-in for the network that counts calls and returns a fixed answer."""

    def __init__(self, status: int = 200) -> None:
        self.calls: list[httpx.Request] = []
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        return httpx.Response(self.status, json=ANSWER)


def _client(tmp_path: Path, mode: str, server: Server) -> httpx.Client:
    return httpx.Client(
        transport=CassetteTransport(Cassette(tmp_path, mode), httpx.MockTransport(server))
    )


def test_the_key_ignores_host_and_key_order_but_not_the_body() -> None:
    reordered = dict(reversed(list(BODY.items())))
    assert request_key(_request("a:1")) == request_key(_request("b:2", reordered))
    assert request_key(_request()) != request_key(_request(body={**BODY, "temperature": 1}))


def test_record_writes_one_readable_file_without_auth_headers(tmp_path: Path) -> None:
    server = Server()
    with recording_label("article-7"):
        _client(tmp_path, "record", server).send(_request())
    (path,) = tmp_path.glob("*.json")
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert path.stem == entry["key"] == request_key(_request())
    assert entry["model"] == "m-served" and entry["article_id"] == "article-7"
    assert entry["request"]["body"] == BODY and entry["response"]["body"] == ANSWER
    assert "sk-secret-123" not in path.read_text(encoding="utf-8")
    assert not any("article-7" in value for value in server.calls[0].headers.values())


def test_replay_serves_the_recording_without_the_network(tmp_path: Path) -> None:
    _client(tmp_path, "record", Server()).send(_request())
    offline = Server()
    response = _client(tmp_path, "replay", offline).send(_request("elsewhere:9"))
    assert response.json() == ANSWER and offline.calls == []


def test_a_replay_miss_names_the_key_and_how_to_record(tmp_path: Path) -> None:
    with pytest.raises(CassetteMiss, match=r"key [0-9a-f]{64}.*--cache-mode auto") as info:
        _client(tmp_path, "replay", Server()).send(_request())
    assert info.value.key == request_key(_request())


def test_auto_records_a_miss_once_then_replays(tmp_path: Path) -> None:
    server = Server()
    client = _client(tmp_path, "auto", server)
    client.send(_request())
    client.send(_request())
    assert len(server.calls) == 1


def test_record_mode_always_calls_the_model(tmp_path: Path) -> None:
    server = Server()
    client = _client(tmp_path, "record", server)
    client.send(_request())
    client.send(_request())
    assert len(server.calls) == 2


def test_failed_exchanges_are_not_recorded(tmp_path: Path) -> None:
    response = _client(tmp_path, "auto", Server(status=400)).send(_request())
    assert response.status_code == 400 and list(tmp_path.iterdir()) == []


def test_off_mode_neither_reads_nor_writes(tmp_path: Path) -> None:
    _client(tmp_path, "record", Server()).send(_request())
    server = Server()
    _client(tmp_path, "off", server).send(_request())
    assert len(server.calls) == 1 and len(list(tmp_path.iterdir())) == 1


def test_cache_modes_parse_from_cli_strings() -> None:
    assert [CacheMode(m) for m in ("replay", "record", "auto", "off")] == list(CacheMode)


def test_the_key_ignores_the_pydantic_version_in_quoted_error_urls() -> None:
    def reask(version: str) -> httpx.Request:
        error = f"Value error, ... For further information visit https://errors.pydantic.dev/{version}/v/value_error"
        return _request(body={**BODY, "messages": [{"role": "user", "content": error}]})

    assert request_key(reask("2.13")) == request_key(reask("2.14"))


@pytest.mark.parametrize(
    "damage", ['{"key": "k", "response": {"status": 200, "bo', '{"key": "k"}', "", "[]"]
)
def test_a_damaged_recording_is_named_in_replay_and_recorded_again_in_auto(
    tmp_path: Path, damage: str
) -> None:
    _client(tmp_path, "record", Server()).send(_request())
    (path,) = tmp_path.glob("*.json")
    path.write_text(damage, encoding="utf-8")
    with pytest.raises(DamagedRecording) as info:
        _client(tmp_path, "replay", Server()).send(_request())
    assert str(info.value).startswith(f"The recording {path} is damaged (")
    assert "--cache-mode auto" in str(info.value)
    live = Server()
    assert _client(tmp_path, "auto", live).send(_request()).json() == ANSWER
    assert len(live.calls) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["response"]["body"] == ANSWER


def test_a_damaged_recording_is_an_error_line_naming_it(
    tmp_path: Path, seeds: dict[str, Article]
) -> None:
    article = seeds["101_en_fidan_lavrov_call"]
    for recording in CASSETTES.glob("*.json"):
        (tmp_path / recording.name).write_bytes(recording.read_bytes())
    damaged = [
        p for p in tmp_path.glob("*.json") if json.loads(p.read_text())["article_id"] == article.id
    ]
    damaged[0].write_text("{", encoding="utf-8")
    with Extractor(cache_dir=tmp_path, cache_mode="replay") as extractor:
        result = extractor.extract(article)
    assert result.error is not None and result.error.type == "DamagedRecording"
    assert str(damaged[0]) in result.error.message


def test_a_cache_folder_that_cannot_be_written_costs_the_recording_not_the_answer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    cassette = Cassette(blocker / "sub", "auto")  # its parent is a file: never writable
    client = httpx.Client(transport=CassetteTransport(cassette, httpx.MockTransport(Server())))
    for _ in range(2):
        assert client.send(_request()).json() == ANSWER
    warnings = [
        r.getMessage() for r in caplog.records if "Cannot write recordings" in r.getMessage()
    ]
    assert len(warnings) == 1 and str(blocker / "sub") in warnings[0]
