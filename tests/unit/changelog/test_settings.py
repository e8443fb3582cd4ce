"""`[tool.specloom.changelog]`: levels, `off`, ignored fingerprints, problems as diagnostics."""

from __future__ import annotations

import pytest

from generator.changelog import load_settings
from generator.changelog.model import Level
from generator.changelog.settings import ChangelogSettings, Override
from generator.config import ConfigError, parse_config
from tests.conftest import REPO
from tests.unit.changelog.helpers import judge_case, kinds


def test_levels_and_off_are_read() -> None:
    settings, problems = load_settings({"levels": {
        "response-property-enum-value-added": "info", "api-tag-added": "off"}})
    assert problems == []
    assert settings.levels == {"response-property-enum-value-added": Override.INFO,
                               "api-tag-added": Override.OFF}
    assert settings.level_of("api-tag-added", Level.INFO) is None
    assert settings.level_of("endpoint-added", Level.INFO) is Level.INFO


def test_unknown_kinds_words_and_keys_are_located_diagnostics() -> None:
    settings, problems = load_settings({
        "levels": {"no-such-kind": "info", "endpoint-added": "fatal"}, "colour": "red",
        "ignore": "abc",
    })
    messages = [p.message for p in problems]
    assert all(p.code == "config-changelog" and p.location is not None for p in problems)
    assert any("unknown change kind 'no-such-kind'" in m for m in messages)
    assert any("'endpoint-added': level must be one of" in m for m in messages)
    assert any("unknown key 'colour'" in m for m in messages)
    assert any("`ignore` must be a list of strings" in m for m in messages)
    assert settings.levels == {}


def test_levels_change_entries_and_off_drops_them() -> None:
    settings, _ = load_settings({"levels": {"response-property-enum-value-added": "breaking"}})
    [entry] = judge_case("enum-widened", settings=settings).entries
    assert entry.level is Level.BREAKING
    off, _ = load_settings({"levels": {"response-property-enum-value-added": "off"}})
    assert kinds(judge_case("enum-widened", settings=off)) == set()


def test_ignored_fingerprints_are_marked() -> None:
    [entry] = judge_case("enum-widened").entries
    assert len(entry.fingerprint) == 16 and not entry.ignored
    settings = ChangelogSettings(ignored=frozenset({entry.fingerprint}))
    [again] = judge_case("enum-widened", settings=settings).entries
    assert again.fingerprint == entry.fingerprint and again.ignored


def test_config_keeps_the_changelog_table() -> None:
    config = parse_config({"changelog": {"levels": {"api-tag-added": "off"}}}, REPO, "x.toml")
    assert config.changelog == {"levels": {"api-tag-added": "off"}}
    with pytest.raises(ConfigError, match="changelog"):
        parse_config({"changelog": 3}, REPO, "x.toml")
