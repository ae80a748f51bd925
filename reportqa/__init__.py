"""reportqa: question answering over 政府信息公开工作年度报告, with verified table facts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reportqa")  # the one place it is written: pyproject.toml
except PackageNotFoundError:  # pragma: no cover - run from a tree that was never installed
    __version__ = "0+unknown"
