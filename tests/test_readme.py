"""The README documents every setting (datasette's habit: the docs test reads the settings)."""

from pathlib import Path

from reportqa.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [
        f"REPORTQA_{n.upper()}"
        for n in Settings.model_fields
        if f"`REPORTQA_{n.upper()}`" not in README
    ]
    assert missing == []
