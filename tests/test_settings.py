from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.settings import HELP, Settings, load_settings


def test_environment_then_flags_override_defaults() -> None:
    env = {"STORYLINE_DB": "/tmp/x.db", "STORYLINE_MAX_INPUT_BYTES": "1000"}
    settings = load_settings(env, max_input_bytes=5)
    assert settings.db == Path("/tmp/x.db")
    assert settings.max_input_bytes == 5
    assert load_settings(env).max_input_bytes == 1000


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(StorylineError, match="STORYLINE_MAX_INPUT_BYTES"):
        load_settings({"STORYLINE_MAX_INPUT_BYTES": "lots"})


def test_every_setting_has_help() -> None:
    assert set(HELP) == set(Settings.__dataclass_fields__)


def test_a_postgres_url_for_db_selects_the_shared_store() -> None:
    url = "postgresql://news@db.example/storyline"
    from_env = load_settings({"STORYLINE_DB": url})
    assert from_env.database_url == url and from_env.store_location == url
    from_flag = load_settings({}, db=url)
    assert from_flag.store_location == url
    assert load_settings({}, db=Path("x.db")).store_location == Path("x.db")


def test_an_unknown_embedding_backend_lists_the_allowed_ones() -> None:
    with pytest.raises(StorylineError, match="'torch' or 'onnx-int8'"):
        load_settings({"STORYLINE_EMBEDDING_BACKEND": "onnx"})
    assert load_settings({"STORYLINE_EMBEDDING_BACKEND": "onnx-int8"}).embedding_backend == (
        "onnx-int8"
    )


def test_the_onnx_model_lives_in_the_users_cache_by_default() -> None:
    assert Settings().onnx_model_dir.parts[-3:] == ("storyline", "models", "minilm-onnx-int8")
