"""Ingest: read report files, parse tables and prose into facts and chunks, write the index."""
