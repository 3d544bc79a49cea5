"""Every content file is read with its schema check, and a broken file fails when it is read.

addons/content_schema.py: a key written twice, an unknown field, a missing source, an id used
twice or a fact of content/hulp.yml without a source that backs it stops the reading process
with the file and the place in it. These tests read every real file the way the bot does
(addons/content_files.py) and break copies of them on purpose.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from addons import content_files
from addons.content_files import CONTENT_DIR, ContentError, load_yaml
from addons.content_schema import SCHEMAS, check, parse

FILES = sorted(p.name for p in CONTENT_DIR.glob("*.yml"))


def test_every_content_file_has_a_schema() -> None:
    assert set(FILES) == set(SCHEMAS), f"content files without a schema: {set(FILES) - set(SCHEMAS)}"


@pytest.mark.parametrize("name", FILES)
def test_every_content_file_passes_its_schema(name: str) -> None:
    text = (CONTENT_DIR / name).read_text(encoding="utf-8")
    data = parse(text, name)
    check(name, data)
    assert data == yaml.safe_load(text)


def copy_of(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of content file `name` with `old` (which must be there once) replaced by `new`."""
    text = (CONTENT_DIR / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {name}"
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def fails_to_load(path: Path) -> str:
    load_yaml.cache_clear()
    try:
        with pytest.raises(ContentError) as raised:
            load_yaml(path)
    finally:
        load_yaml.cache_clear()
    return str(raised.value)


def test_a_key_written_twice_fails_with_both_lines(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "eigen_woorden.yml", "erkenning:\n", 'emoji_verder: ["🙂"]\nerkenning:\n')
    message = fails_to_load(path)
    assert "emoji_verder" in message and "already on line" in message and "eigen_woorden.yml" in message


def test_a_key_written_twice_inside_an_entry_fails(tmp_path: Path) -> None:
    path = copy_of(
        tmp_path,
        "prompts.yml",
        '    tekst: "Wat doe je graag met of voor je kind?"\n',
        '    tekst: "Wat doe je graag met of voor je kind?"\n    tekst: "Iets anders?"\n',
    )
    assert "tekst" in fails_to_load(path)


def test_an_unknown_field_fails_and_names_the_known_ones(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "prompts.yml", "  - id: eigen_rol_gezin_1\n", "  - id: eigen_rol_gezin_1\n    waarm: typo\n")
    message = fails_to_load(path)
    assert "eigen_rol_gezin_1" in message and "unknown field waarm" in message and "waarom" in message


def test_a_prompt_without_its_source_fails(tmp_path: Path) -> None:
    path = copy_of(
        tmp_path, "prompts.yml", '    bron: {sectie: "3.1", regels: "270-271"}\n    waarom: "Een beeld', '    waarom: "Een beeld'
    )
    assert "missing bron" in fails_to_load(path)


def test_a_source_without_lines_fails(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "wiedoetwat.yml", 'bron: {sectie: "4.2", regels: "756-758"}', 'bron: {sectie: "4.2"}')
    assert "missing regels" in fails_to_load(path)


def test_a_fact_of_the_referral_data_without_a_source_that_backs_it_fails(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "hulp.yml", '    nummer: "1813"\n', '    nummer: "1813"\n    telefoon: "02 123 45 67"\n')
    message = fails_to_load(path)
    assert "zelfmoordlijn_1813" in message and "telefoon without a source" in message


def test_a_referral_entry_without_any_source_fails(tmp_path: Path) -> None:
    text = (CONTENT_DIR / "hulp.yml").read_text(encoding="utf-8")
    data = parse(text, "hulp.yml")
    del data["noodlijnen"][0]["bron"]
    with pytest.raises(ContentError, match="missing bron"):
        check("hulp.yml", data)


def test_an_id_used_twice_fails(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "prompts.yml", "  - id: eigen_rol_gezin_2\n", "  - id: eigen_rol_gezin_1\n")
    assert "eigen_rol_gezin_1" in fails_to_load(path) and "more than once" in fails_to_load(path)


def test_the_data_sets_name_their_licence(tmp_path: Path) -> None:
    path = copy_of(tmp_path, "postcodes.yml", '  licentie: "CC BY 4.0"\n', "")
    assert "missing licentie" in fails_to_load(path)


def test_the_bot_reads_through_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """content_file() is the way every process reads content: a broken file in CONTENT_DIR stops it."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    (folder / "berichten.yml").write_text("berichten:\n  fout:\n    text: a\n    txt: b\n", encoding="utf-8")
    monkeypatch.setattr(content_files, "CONTENT_DIR", folder)
    load_yaml.cache_clear()
    try:
        with pytest.raises(ContentError, match="unknown field txt"):
            content_files.content_file("berichten.yml")
    finally:
        load_yaml.cache_clear()
