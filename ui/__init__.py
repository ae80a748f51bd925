"""Web UI, widget and HTTP API (issue 4)."""
