"""The composition root: settings in, wired components out. The CLI, the UI and the tests all
build what they need here, so there is one place where the embedder and the stores are chosen.

It sits on top of the layers (see the import-linter contracts in ``pyproject.toml``): the web
layer (``ui``) is handed its services here, the ingest entry points among them, and imports
neither this module nor ``ingest``. Heavy packages are imported inside the functions, so the
CLI's light commands do not load the web stack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportqa.errors import ConfigError
from reportqa.index import Index
from reportqa.index.embedding import Embedder, make_embedder
from reportqa.progress import OnProgress
from reportqa.settings import Settings, get_settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from reportqa.index.postgres import PostgresFactsDB
    from ui.services import Services
    from ui.uploads import Uploader

MIB = 1024 * 1024


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


def build_services(settings: Settings, assistant: Any = None) -> Services:
    """What the web layer is given: the assistant (``build_assistant(settings)`` unless one is
    passed), the feedback and upload stores, the rate limits, the staff account, and the ingest
    entry points the uploads and the source viewer use."""
    from ingest.loaders import load_document
    from ingest.loaders.page_image import render_page
    from ui.auth import LOGIN_ATTEMPTS_PER_MINUTE, StaffAuth
    from ui.feedback import FeedbackLog, FeedbackStore, PostgresFeedbackStore
    from ui.ratelimit import Limiter, PostgresRateLimiter, RateLimiter
    from ui.services import Services
    from ui.sources import SourceFiles

    if assistant is None:
        assistant = build_assistant(settings)
    index = assistant.index
    # with a database URL the votes and the rate limits' counters are in it, shared by every
    # host (through the facts database's connections); without, a SQLite file and memory
    db = shared_database(settings, index)
    feedback: FeedbackLog
    limiter: Limiter
    login_limiter: Limiter
    if db is None:
        feedback = FeedbackStore(settings.feedback_db or index.dir / "feedback.sqlite")
        limiter = RateLimiter(settings.rate_limit_per_minute)
        login_limiter = RateLimiter(LOGIN_ATTEMPTS_PER_MINUTE)
    else:
        feedback = PostgresFeedbackStore(db)
        limiter = PostgresRateLimiter(db, settings.rate_limit_per_minute, scope="public")
        login_limiter = PostgresRateLimiter(db, LOGIN_ATTEMPTS_PER_MINUTE, scope="login")
    services = Services(
        settings=settings,
        assistant=assistant,
        feedback=feedback,
        limiter=limiter,
        login_limiter=login_limiter,
        auth=StaffAuth(settings, login_limiter),
        uploader=build_uploader(
            index, settings.upload_dir or index.dir / "uploads", settings.max_upload_mb * MIB
        ),
        sources=SourceFiles(index, load_document, render_page),
    )
    # the web app keeps the staff password only as a hash and the session secret only as a key
    # (StaffAuth), not in its settings
    services.settings = settings.model_copy(update={"staff_password": None, "session_secret": None})
    return services


def shared_database(settings: Settings, index: Index) -> PostgresFactsDB | None:
    """The PostgreSQL facts database of ``settings.database_url`` (the index's own when it is
    there, so one connection pool serves both), or None without a database URL."""
    if not settings.database_url:
        return None
    from reportqa.index.postgres import PostgresFactsDB

    facts = getattr(index, "facts", None)
    if isinstance(facts, PostgresFactsDB) and facts.url == settings.database_url:
        return facts
    return PostgresFactsDB(settings.database_url, create=False)


def build_uploader(index: Index, upload_dir: Path, max_bytes: int) -> Uploader:
    """The staff uploads into ``index``: files of the extensions the loaders read, kept in
    ``upload_dir`` and ingested like ``reportqa ingest`` does."""
    from ingest.loaders import ALL_EXTENSIONS
    from ingest.pipeline import ingest_paths
    from ui.uploads import Uploader

    def ingest_file(path: Path, on_progress: OnProgress) -> Any:
        return ingest_paths(
            [path], index, progress=False, max_bytes=max_bytes, on_progress=on_progress
        )

    return Uploader(
        index, upload_dir, max_bytes, ingest_file=ingest_file, extensions=ALL_EXTENSIONS
    )


def build_web_app(
    settings: Settings | None = None,
    *,
    assistant: Any = None,
    warm_up: bool = True,
    on_ready: Callable[[], None] | None = None,
) -> FastAPI:
    """The whole site (``reportqa serve`` and the tests): the services wired from ``settings``,
    then the web app over them. ``warm_up`` loads the models before the first request;
    ``on_ready`` runs once the app can answer."""
    from ui.app import check_settings, create_app

    settings = settings or get_settings()
    check_settings(settings)  # fails early, before the models load
    services = build_services(settings, assistant)
    return create_app(services, warm_up=warm_up, on_ready=on_ready)
