"""Named evaluation corpora, written from the generator (seeded: the same files every time) plus
the two real sample reports.

    python -m evaluation.corpora talk --out /tmp/talk      # the corpus of questions/talk.jsonl

``words``: ``talk`` and the prose of ten real reports (tests/fixtures/real, with their sources
in its README): the corpus of questions/narrative.jsonl and questions/prose.jsonl.

``talk``: 48 generated reports in txt (16 bodies of 澜江市 over 2022–2024, chosen to include
the abbreviated departments 人社局/市场监管局/卫健委/自规局/住建局, both 新华街道 and the city
government; 10% with a planted error) and the two real reports; ``manifest.jsonl`` beside them
holds the generator's truth.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from evaluation import SAMPLE_CORPUS

CORPORA = {
    "talk": {"seed": 2955, "n": 48, "formats": ("txt",), "plant_rate": 0.1},
    # talk and ten real reports' prose (tests/fixtures/real): the narrative and prose-figure sets
    "words": {"seed": 2955, "n": 48, "formats": ("txt",), "plant_rate": 0.1, "real": True},
}
REAL_FIXTURES = SAMPLE_CORPUS.parent / "tests" / "fixtures" / "real"


def write_corpus(name: str, out: Path) -> Path:
    """Write corpus ``name`` to ``out/docs`` (replacing what is there); returns that folder."""
    from generator.corpus import make_corpus

    spec = CORPORA[name]
    docs = Path(out) / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    make_corpus(
        spec["seed"], spec["n"], docs, spec["formats"], plant_rate=spec["plant_rate"], manifest=True
    )
    for f in ("yongji-2024.txt", "huaian-2024.pdf"):
        shutil.copy2(SAMPLE_CORPUS / f, docs / f)
    if spec.get("real"):
        for f in sorted(REAL_FIXTURES.glob("*.txt")):
            shutil.copy2(f, docs / f.name)
    return docs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="写出评测语料（可重复）")
    p.add_argument("name", choices=sorted(CORPORA))
    p.add_argument("--out", type=Path, required=True, help="语料写到 OUT/docs")
    args = p.parse_args(argv)
    docs = write_corpus(args.name, args.out)
    print(f"语料：{docs}（{len(list(docs.iterdir()))} 个文件）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
