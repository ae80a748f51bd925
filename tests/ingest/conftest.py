"""The PostgreSQL server of the tests (tests/pgserver.py), for the tests of this folder."""

from tests.pgserver import database_url, postgres_server  # noqa: F401
