"""The retriever a user would otherwise build, against ours, on the same corpus and questions.

Baseline: each report's raw text (from our loaders) split by LangChain's
RecursiveCharacterTextSplitter, embedded with the same model into Chroma (langchain-chroma, in
a temporary directory), top-5 similarity search per question. Measured: how often the right
report is among the top 5 (and first), for the sample reports' questions and for all questions
that have a right report. Ours: how often the assistant's first citation is the right report.

    python -m evaluation.build --out /tmp/gen70                    # the gen70 corpus
    python benchmarks/baseline.py --corpus /tmp/gen70/docs --index /tmp/gen70/index

Writes benchmarks/out/baseline.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from langchain_core.documents import Document  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402

from evaluation import QUESTIONS_DIR  # noqa: E402
from evaluation.score import _sources, ask_all, build_eval_assistant, citation_ok, load_questions  # noqa: E402

SAMPLES = ("yongji-2024.txt", "huaian-2024.pdf")
OUT = ROOT / "benchmarks" / "out"


class EmbedderAsLangChain(Embeddings):
    """Our embedder (the packaged all-MiniLM-L6-v2 by default) as LangChain ``Embeddings``."""

    def __init__(self, embedder: Any):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


def report_texts(corpus: Path) -> list[Document]:
    """One LangChain document per report: the raw text our loaders read."""
    from ingest.loaders import SUPPORTED_EXTENSIONS, load_document

    docs = []
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() in SUPPORTED_EXTENSIONS:
            docs.append(
                Document(page_content=load_document(path).text, metadata={"source": path.name})
            )
    return docs


def build_baseline(
    corpus: Path, embeddings: Embeddings, persist: Path, chunk_size: int, overlap: int
):
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        separators=["\n\n", "\n", "。", "；", "，", " ", ""],
    )
    chunks = splitter.split_documents(report_texts(corpus))
    store = Chroma(
        collection_name="baseline", embedding_function=embeddings, persist_directory=str(persist)
    )
    for i in range(0, len(chunks), 256):
        store.add_documents(chunks[i : i + 256])
    return store, len(chunks)


def query_text(item: dict[str, Any]) -> str:
    """What a plain retriever is given: the question, after the earlier ones of the conversation."""
    return " ".join([*item.get("history", []), item["q"]])


def rate(hits: list[bool]) -> dict[str, Any]:
    return {"n": len(hits), "hits": sum(hits), "rate": sum(hits) / len(hits) if hits else 0.0}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=Path, default=QUESTIONS_DIR / "gen70.jsonl")
    p.add_argument(
        "--corpus",
        type=Path,
        required=True,
        help="the reports (python -m evaluation.build --out DIR → DIR/docs)",
    )
    p.add_argument(
        "--index",
        type=Path,
        required=True,
        help="our index of the same reports (built when missing)",
    )
    p.add_argument(
        "--model", default=None, help="embedding model (default: the packaged all-MiniLM-L6-v2)"
    )
    p.add_argument("--chunk-size", type=int, default=500)
    p.add_argument("--overlap", type=int, default=50)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--out", type=Path, default=OUT / "baseline.json")
    args = p.parse_args(argv)

    questions = [
        q
        for q in load_questions(args.questions)
        if q["expect"].get("found") and q["expect"].get("source")
    ]
    assistant = build_eval_assistant(args.corpus, args.index, args.model)
    embeddings = EmbedderAsLangChain(assistant.index.embedder)

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        store, n_chunks = build_baseline(
            args.corpus, embeddings, Path(tmp), args.chunk_size, args.overlap
        )
        t_build = time.perf_counter() - t0
        base_top, base_first, per_q = [], [], []
        for item in questions:
            found = store.similarity_search(query_text(item), k=args.k)
            sources = [d.metadata["source"] for d in found]
            right = _sources(item["expect"])
            base_top.append(any(s in right for s in sources))
            base_first.append(bool(sources) and sources[0] in right)
            per_q.append(
                {"id": item["id"], "q": item["q"], "right": right, "baseline_top": sources}
            )
    run = ask_all(assistant, questions)
    ours = [bool(citation_ok(run.answers[q["id"]], q["expect"])) for q in questions]
    for row, ok in zip(per_q, ours, strict=True):
        row["ours_first_citation_ok"] = ok

    def split(values: list[bool]) -> dict[str, Any]:
        sample = [
            v
            for v, q in zip(values, questions, strict=True)
            if any(s in SAMPLES for s in _sources(q["expect"]))
        ]
        return {"sample_reports": rate(sample), "all": rate(values)}

    result = {
        "questions": str(args.questions),
        "corpus": str(args.corpus),
        "reports": len(list(p for p in args.corpus.iterdir() if p.is_file())),
        "embedding_model": assistant.index.embedder.model_id,
        "splitter": {
            "chunk_size": args.chunk_size,
            "chunk_overlap": args.overlap,
            "chunks": n_chunks,
        },
        "baseline_build_s": round(t_build, 1),
        f"baseline_top{args.k}": split(base_top),
        "baseline_top1": split(base_first),
        "ours_first_citation": split(ours),
        "per_question": per_q,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")

    print(
        f"{result['reports']} reports, {len(questions)} questions with a right report; model {result['embedding_model']}"
    )
    print(f"{'':38}{'sample reports':>18}{'all':>18}")
    for name, key in (
        (f"baseline: right report in top {args.k}", f"baseline_top{args.k}"),
        ("baseline: right report first", "baseline_top1"),
        ("ours: first citation is the right report", "ours_first_citation"),
    ):
        s, a = result[key]["sample_reports"], result[key]["all"]
        print(
            f"{name:<38}{s['hits']:>6}/{s['n']:<4}{s['rate']:>7.1%} {a['hits']:>6}/{a['n']:<4}{a['rate']:>7.1%}"
        )
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
