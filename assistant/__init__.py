"""Answering questions from the index (issue 3)."""
