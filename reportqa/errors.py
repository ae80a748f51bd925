"""One small error hierarchy; every message names the file or setting and what to do."""


class ReportQAError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(ReportQAError):
    """A setting or an index that cannot be used as configured."""


class IngestError(ReportQAError):
    """A document that cannot be ingested. ``path`` names the file, ``reason`` says what is wrong."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class IndexError_(ReportQAError):
    """The index directory cannot be read or written (locked, read-only, disk full)."""
