"""Scanned reports: OCR speed (pages/s, seconds per report) and cell accuracy on generated reports
printed to PDF and scanned (rendered to images, blurred, noised, turned a little, saved as
image-only PDFs), plus the time of .doc conversion.

    python benchmarks/ocr.py [--reports 50] [--seed 5] [--out benchmarks/out/ocr.json]

A cell is right when it comes back with the value the generator printed; a wrong cell is
"flagged" when a failing check (C1–C7) or an OCR check (O1 correction, O2 doubtful reading) names
its row, column or cell. Needs Chromium and CJK fonts (scripts/system-deps.sh).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=50)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--doc", type=int, default=5, help="reports also timed as .doc")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "ocr.json")
    args = ap.parse_args()

    from generator import make_corpus, render
    from generator.office import docx_to_doc, libreoffice_available
    from generator.scan import scan_pdf
    from ingest.loaders import load_document, ocr
    from ingest.ocr_review import flagged as is_flagged
    from ingest.parse import parse_document

    ocr.engine()  # model load (about a second) is not counted in the throughput
    per_report = []
    pages = 0
    total = right = flagged = 0
    wrong_cells = []
    with tempfile.TemporaryDirectory(prefix="reportqa-ocr-bench-") as tmp:
        corpus = make_corpus(args.seed, args.reports, Path(tmp) / "pdf", ("pdf",))
        for i, (pdf, truth) in enumerate(corpus):
            scan = scan_pdf(pdf, Path(tmp) / f"scan{i}.pdf", random.Random(args.seed + i))
            t0 = time.perf_counter()
            doc = load_document(scan)
            parsed = parse_document(doc, f"r{i}", scan.name)
            dt = time.perf_counter() - t0
            n_pages = len(doc.ocr_pages)
            pages += n_pages
            per_report.append((n_pages, dt))
            got = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table != "正文"}
            for key, value in truth.cells.items():
                total += 1
                if got.get(key, "missing") == value:
                    right += 1
                else:
                    ok = is_flagged(parsed.checks, *key)
                    flagged += ok
                    wrong_cells.append(
                        [scan.name, list(key), str(got.get(key, "missing")), str(value), ok]
                    )
            print(f"{i + 1}/{len(corpus)} {n_pages} 页 {dt:.1f} s", file=sys.stderr)
        doc_times = []
        if libreoffice_available():
            rng = random.Random(args.seed)
            for i, (_pdf, truth) in enumerate(corpus[: args.doc]):
                docx = render(truth, "docx", Path(tmp) / f"d{i}.docx", rng)
                old = docx_to_doc(docx, Path(tmp) / f"d{i}.doc")
                t0 = time.perf_counter()
                parse_document(load_document(old), f"d{i}", old.name)
                doc_times.append(time.perf_counter() - t0)
    secs = sum(dt for _, dt in per_report)
    six = [dt / n * 6 for n, dt in per_report if n]
    result = {
        "reports": len(per_report),
        "pages": pages,
        "seconds": round(secs, 1),
        "pages_per_s": round(pages / secs, 3) if secs else None,
        "seconds_per_page_p50": round(statistics.median(dt / n for n, dt in per_report if n), 2),
        "six_page_report_s_p50": round(statistics.median(six), 1) if six else None,
        "six_page_report_s_max": round(max(six), 1) if six else None,
        "cells": total,
        "cells_right": right,
        "cell_accuracy": round(right / total, 4) if total else None,
        "wrong_cells_flagged": flagged,
        "wrong_cells_unflagged": total - right - flagged,
        "doc_seconds_per_report": round(statistics.median(doc_times), 2) if doc_times else None,
        "wrong": wrong_cells[:200],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        json.dumps({k: v for k, v in result.items() if k != "wrong"}, ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
