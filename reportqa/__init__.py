"""reportqa: question answering over 政府信息公开工作年度报告, with verified table facts."""

__version__ = "0.1.0"
