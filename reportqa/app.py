"""The composition root: settings in, wired components out. The CLI, the UI and the tests all
build what they need here, so there is one place where the embedder and the stores are chosen."""

from __future__ import annotations

from pathlib import Path

from reportqa.errors import ConfigError
from reportqa.index import Index
from reportqa.index.embedding import Embedder, make_embedder
from reportqa.settings import Settings, get_settings


def build_embedder(settings: Settings | None = None) -> Embedder:
    """The embedder the settings name (loaded lazily, on its first use)."""
    s = settings or get_settings()
    return make_embedder(
        s.embedding_model,
        batch_size=s.embedding_batch_size,
        device=s.embedding_device,
        threads=s.embedding_threads,
    )


def build_index(
    settings: Settings | None = None,
    embed: bool = True,
    *,
    index_dir: Path | str | None = None,
    create: bool = True,
) -> Index:
    """The index of ``settings.index_dir`` (or ``index_dir``), with the configured embedder
    unless ``embed`` is False (fact-only work: ingest --no-embed, facts, checks)."""
    s = settings or get_settings()
    return Index(
        index_dir if index_dir is not None else s.index_dir,
        build_embedder(s) if embed else None,
        chroma_url=s.chroma_url,
        collection=s.chroma_collection,
        create=create,
        database_url=s.database_url,
    )


def build_assistant(
    settings: Settings | None = None, *, index_dir: Path | str | None = None, embed: bool = True
):
    """The assistant over an existing index (the one chain the CLI, the UI and the tests use)."""
    from assistant.chain import Assistant

    settings = settings or get_settings()
    index = build_index(settings, embed=embed, index_dir=index_dir, create=False)
    return Assistant(
        index,
        use_vectors=embed,
        model=build_model(settings),
        model_parses=settings.llm_parse,
        model_summaries=settings.llm_summaries,
    )


def build_model(settings: Settings):
    """The language model the settings name, or None (the default: no model)."""
    if not settings.llm_url:
        return None
    if not settings.llm_model:
        raise ConfigError(
            "设置了 REPORTQA_LLM_URL 却没有设置 REPORTQA_LLM_MODEL：请同时给出模型名称，"
            "或取消 REPORTQA_LLM_URL 以不使用语言模型。"
        )
    from assistant.llm.client import ChatModel

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return ChatModel(settings.llm_url, settings.llm_model, key, settings.llm_timeout)
