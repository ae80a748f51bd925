"""What the web layer is given: the assistant and the stores it renders and records, wired once
from the settings by the composition root (:func:`reportqa.app.build_services`; tests may pass
their own assistant). The ingest entry points reach the web layer only through here: the
uploader's ``ingest_file`` callable and ``extensions``, and the source viewer's
``load_document``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportqa.settings import Settings
from ui.auth import StaffAuth
from ui.feedback import FeedbackLog
from ui.ratelimit import Limiter
from ui.sources import SourceFiles
from ui.uploads import Uploader


@dataclass
class Services:
    settings: Settings
    assistant: Any  # assistant.chain.Assistant: ask(question, history) -> Answer
    feedback: FeedbackLog  # a SQLite file, or the shared database (REPORTQA_DATABASE_URL)
    limiter: Limiter  # public endpoints and the chat, per client
    login_limiter: Limiter  # failed staff logins, per client
    auth: StaffAuth
    uploader: Uploader
    sources: SourceFiles  # the indexed reports' files, for the citations' links

    @property
    def base_url(self) -> str:
        """The public address of the site (settings.public_base_url), without a trailing
        slash; empty: links are relative to this site."""
        return (self.settings.public_base_url or "").strip().rstrip("/")

    @property
    def index(self) -> Any:
        return self.assistant.index
