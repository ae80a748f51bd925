"""Long fuzz run of the loaders and the parser: the counterpart of the short hypothesis fuzz in
tests/ingest/test_loaders.py, run for minutes instead of a few hundred examples.

    python benchmarks/fuzz.py [--seconds 300] [--seed 1] [--timeout 20] [--jobs 1]
                              [--formats txt,docx,html,pdf] [--out benchmarks/out/fuzz.json]
    python benchmarks/fuzz.py --replay benchmarks/out/fuzz-crashes/FILE...

Seeds: corpus/yongji-2024.txt, corpus/huaian-2024.pdf and reports made by the synthetic
generator (generator) as .txt, .docx, .html and, when Chromium is installed, .pdf. Each case
takes a seed (or an earlier mutant that loaded with a new outcome), stacks a few mutations on it
(bit flips, inserted bytes and format tokens, deleted and duplicated ranges, truncation, splices
from other files, numbers swapped for extreme ones, lines dropped or repeated; for .docx a member
of the zip is mutated and the archive re-zipped; for .pdf a content or font stream is inflated,
mutated and deflated again, and the cross-reference table rebuilt so shifted offsets still
resolve), writes it to a file with the right extension and calls ``load_document`` and then
``parse_document`` on whatever loads.

The contract: nothing but ``IngestError`` (whose ``path`` names the file and whose reason is one
line) leaves either call, and a loaded document keeps its text offsets. Anything else is a
finding: another exception, a worker killed by a signal (segfault, out of memory), or a case
that runs past ``--timeout`` (a hang; the worker dumps its stack just before it is killed). Each
distinct finding's input is saved under benchmarks/out/fuzz-crashes/ with its traceback beside
it, and the run exits 1.

Cases run in worker processes (``--jobs``, one by default: the machine is small and shared);
each format gets an equal share of worker time, so a PDF (about a second a case) gets far fewer
cases than a .docx. ``--seed`` fixes the seed files and the mutations drawn, but which format
comes next follows measured time, so two runs are not identical: a finding is reproduced from its
saved input with ``--replay``. Prints a summary (cases and cases per second by format, the top
IngestError reasons and the library exceptions behind them, findings) and writes it as JSON to
``--out``.
"""

from __future__ import annotations

import argparse
import codecs
import collections
import copy
import faulthandler
import hashlib
import io
import json
import logging
import multiprocessing as mp
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "out"
FORMATS = ("txt", "docx", "html", "pdf")
MAX_CASE_BYTES = 8 * 1024 * 1024  # a mutant is cut to this size (duplication can grow it)
POOL_CAP = 48  # evolved mutants kept per format, besides the seeds

# --------------------------------------------------------------------------------------------
# Seeds


def make_seeds(seed: int, tmp: Path) -> dict[str, list[tuple[str, bytes]]]:
    """(name, bytes) per format: the two real reports plus generated ones."""
    from generator import make_report, pdf_available, render

    seeds: dict[str, list[tuple[str, bytes]]] = {f: [] for f in FORMATS}
    seeds["txt"].append(("yongji-2024.txt", (ROOT / "corpus" / "yongji-2024.txt").read_bytes()))
    seeds["pdf"].append(("huaian-2024.pdf", (ROOT / "corpus" / "huaian-2024.pdf").read_bytes()))
    rng = random.Random(seed)
    bodies = [
        ("澜江市东澜区人民政府", "澜江市东澜区人民政府", "2021"),
        ("西澜区新华街道办事处", "澜江市西澜区新华街道办事处", "2019"),
        ("澜江市交通运输局", "澜江市交通运输局", "mixed"),
    ]
    for i, (printed, canonical, table_format) in enumerate(bodies):
        report = make_report(rng, printed, canonical, 2022 + i, table_format)
        for fmt in ("txt", "docx", "html"):
            path = render(report, fmt, tmp / f"gen{i}.{fmt}", rng)
            seeds[fmt].append((path.name, path.read_bytes()))
        if i == 0 and pdf_available():
            path = render(report, "pdf", tmp / f"gen{i}.pdf", rng)
            seeds["pdf"].append((path.name, path.read_bytes()))
    return seeds


# --------------------------------------------------------------------------------------------
# Mutations (all take and return bytes; ``rng`` decides everything, so a seed replays a run)

# fmt: off
INTERESTING_BYTES = [b"\x00", b"\xff", b"\x7f", b"\x80", b"\r", b"\n", b"\x0c", b"\x1a", b"\t"]
NUMBERS = [
    b"0", b"-1", b"-0", b"1e308", b"-1e308", b"NaN", b"2147483648", b"4294967296",
    b"99999999999999999999999999999", b"0.000000001", b"1,234,567", "１２３".encode(),
    "一千二百".encode(), b"",
]
TOKENS = {  # inserted whole; labels of the standard tables reach the parser's table code
    "txt": [
        "|", " | ", "\t", "\r\n", "\ufeff", "\u3000", "\u200b", "| --- | --- |",
        "[bookmark: _GoBack]", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "一、本年新收政府信息公开申请数量", "（七）总计",
        "四、结转下年度继续办理", "总计", "自然人", "本年度共收到政府信息公开申请", "件", "万元",
        "2024年", "１２３",
    ],
    "html": [
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td colspan="0">',
        '<td rowspan="0">', '<td colspan="-3">', '<td rowspan="99999999">',
        '<td colspan="99999999999999999999">', "<br>", "<p>", "</p>", "<div>",
        '<meta charset="utf-16">', '<meta charset="x-no-such-charset">',
        '<meta http-equiv="Content-Type" content="text/html; charset=big5">', "<script>",
        "<style>", "<!--", "-->", "<![CDATA[", "]]>", "&#0;", "&#x110000;", "&#xD800;", "&nbsp;",
        "&", "<table><tr><td>", "<svg><table>", "<math>", "<template>", "<frameset>", "<title>",
        "<footer>", "<nav>", "（七）总计", "三、收到和处理政府信息公开申请情况",
    ],
    "docx": [
        '<w:gridSpan w:val="999"/>', '<w:gridSpan w:val="-5"/>', '<w:gridSpan w:val="x"/>',
        '<w:vMerge w:val="restart"/>', "<w:vMerge/>", "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>",
        "<w:tc>", "</w:tc>", "<w:p>", "</w:p>", "<w:r><w:t>（七）总计</w:t></w:r>", "<w:t>",
        "</w:t>", "<w:tab/>", "<w:br/>", "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>",
        "<w:ins>", "<w:del>", "<mc:Fallback>", "<w:txbxContent>", "&amp;", "&#0;",
        "&undefined;", "<!--", "-->", "<?pi x?>", 'xmlns:w="urn:other"',
    ],
    "pdf": [
        "obj", "endobj", "stream\n", "\nendstream", "/Length 999999999", "/Length -1", "<<", ">>",
        "[", "]", "(", ")", "BT", "ET", "Tj", "TJ", "Tf", "Tm", "re", "cm", "q", "Q",
        "/Type /Page", "/Kids [", "/Parent 2 0 R", " 0 R", "%%EOF", "trailer", "xref",
        "startxref", "/Filter /FlateDecode", "/Encrypt", "/MediaBox [0 0 0 0]", "/Rotate 45",
        "/ToUnicode", "beginbfchar", "endbfchar",
    ],
}
# fmt: on
ENCODED_TOKENS = {fmt: [t.encode() for t in toks] for fmt, toks in TOKENS.items()}


@dataclass
class Mutator:
    rng: random.Random
    donors: list[bytes]  # other files to splice from
    ops: list[str] = field(default_factory=list)  # what was done, for the findings report

    def pos(self, data: bytearray, end: bool = False) -> int:
        return self.rng.randint(0, len(data)) if end else self.rng.randrange(max(1, len(data)))

    def span(self, data: bytearray) -> tuple[int, int]:
        a = self.pos(data)
        n = self.rng.choice([1, 2, 4, 8, 16, 64, 256, 1024, 4096])
        return a, min(len(data), a + self.rng.randint(1, n))

    # -- byte operations ------------------------------------------------------------------
    def flip(self, data: bytearray, fmt: str) -> None:
        if not data:
            return
        for _ in range(self.rng.randint(1, 8)):
            i = self.pos(data)
            if self.rng.random() < 0.5:
                data[i] ^= 1 << self.rng.randrange(8)
            else:
                data[i] = self.rng.randrange(256)

    def insert(self, data: bytearray, fmt: str) -> None:
        r = self.rng.random()
        if r < 0.3:
            piece = self.rng.randbytes(self.rng.randint(1, 64))
        elif r < 0.45:
            piece = self.rng.choice(INTERESTING_BYTES) * self.rng.randint(1, 8)
        else:
            piece = self.rng.choice(ENCODED_TOKENS[fmt])
            if self.rng.random() < 0.15:  # nesting and repetition bombs
                piece *= self.rng.choice([2, 10, 100, 1000, 5000])
        i = self.pos(data, end=True)
        data[i:i] = piece

    def delete(self, data: bytearray, fmt: str) -> None:
        a, b = self.span(data)
        del data[a:b]

    def truncate(self, data: bytearray, fmt: str) -> None:
        cut = self.pos(data)
        if self.rng.random() < 0.8:
            del data[cut:]
        else:
            del data[:cut]

    def splice(self, data: bytearray, fmt: str) -> None:
        donor = self.rng.choice(self.donors)
        if not donor:
            return
        a = self.rng.randrange(len(donor))
        piece = donor[a : a + self.rng.randint(1, 4096)]
        i = self.pos(data, end=True)
        if self.rng.random() < 0.5:
            data[i:i] = piece
        else:
            data[i : i + len(piece)] = piece

    def duplicate(self, data: bytearray, fmt: str) -> None:
        if not data:
            return
        a, b = self.span(data)
        times = self.rng.choice([1, 1, 1, 2, 3, 10, 100])
        i = self.pos(data, end=True)
        data[i:i] = bytes(data[a:b]) * times

    def number(self, data: bytearray, fmt: str) -> None:
        found = list(re.finditer(rb"\d+(?:\.\d+)?", bytes(data[:MAX_CASE_BYTES])))
        picks = sorted(  # replaced from the end so earlier offsets stay valid
            self.rng.sample(found, min(len(found), self.rng.randint(1, 4))),
            key=lambda m: m.start(),
            reverse=True,
        )
        for m in picks:
            data[m.start() : m.end()] = self.rng.choice(NUMBERS)

    def lines(self, data: bytearray, fmt: str) -> None:
        lines = bytes(data).split(b"\n")
        if len(lines) < 2:
            return
        for _ in range(self.rng.randint(1, 6)):
            i = self.rng.randrange(len(lines))
            op = self.rng.random()
            if op < 0.35:
                del lines[i]
            elif op < 0.7:
                lines[i:i] = [lines[i]] * self.rng.choice([1, 2, 5])
            else:
                j = self.rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            if len(lines) < 2:
                break
        data[:] = b"\n".join(lines)

    BYTE_OPS = ("flip", "insert", "delete", "truncate", "splice", "duplicate", "number", "lines")
    WEIGHTS = (4, 5, 3, 1, 2, 2, 2, 2)

    def bytes_ops(self, data: bytes, fmt: str, n: int, tag: str = "") -> bytes:
        buf = bytearray(data)
        for name in self.rng.choices(self.BYTE_OPS, self.WEIGHTS, k=n):
            getattr(self, name)(buf, fmt)
            self.ops.append(tag + name)
            if len(buf) > MAX_CASE_BYTES:
                del buf[MAX_CASE_BYTES:]
        return bytes(buf)

    # -- text operations (txt, html): mutate characters, then encode in some codec ------------
    CODECS = ("utf-8",) * 6 + ("gb18030", "gb18030", "utf-16", "utf-8-sig", "utf-16-be", "big5")
    ODD_CHARS = "\u3000\u00a0\u200b\ufeff\u202e\u0301\ufffd\u2028\x00\x0b\x0c\x1c\x85０１２３４５６７８９，。；、（）"

    def text_ops(self, data: bytes, fmt: str, n: int) -> bytes:
        utf16 = data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        for codec in ("utf-16",) if utf16 else ("utf-8", "gb18030"):
            try:
                text = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        else:
            return self.bytes_ops(data, fmt, n)
        tokens = TOKENS[fmt] + TOKENS["txt"]
        for name in self.rng.choices(("token", "char", "cut", "copy", "line", "digits"), k=n):
            i = self.rng.randint(0, len(text))
            if name == "token":
                piece = self.rng.choice(tokens)
                if self.rng.random() < 0.1:
                    piece *= self.rng.choice([10, 100, 2000])
                text = text[:i] + piece + text[i:]
            elif name == "char":
                piece = "".join(self.rng.choices(self.ODD_CHARS, k=self.rng.randint(1, 4)))
                text = text[:i] + piece + text[i:]
            elif name == "cut":
                text = text[:i] + text[i + self.rng.randint(1, 200) :]
            elif name == "copy":
                text = (
                    text[:i]
                    + text[i : i + self.rng.randint(1, 400)] * self.rng.choice([2, 3, 50])
                    + text[i:]
                )
            elif name == "line":
                buf = bytearray(text.encode("utf-8", "surrogatepass"))
                self.lines(buf, fmt)
                text = buf.decode("utf-8", "surrogatepass")
            else:
                text = re.sub(
                    r"\d+",
                    lambda m: (
                        self.rng.choice(NUMBERS).decode() if self.rng.random() < 0.2 else m.group()
                    ),
                    text,
                )
            self.ops.append("text-" + name)
        codec = self.rng.choice(self.CODECS)
        self.ops.append("encode-" + codec)
        return text.encode(codec, errors="replace")[:MAX_CASE_BYTES]

    # -- XML tree operations (docx members): stay well-formed, reach the body walker ---------
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    WRAPPERS = ("sdt/sdtContent", "ins", "del", "customXml", "moveFrom", "tbl/tr/tc", "txbxContent")
    VALUES = (*"0 1 2 -1 64 65 999 99999999999999999999 x restart continue".split(), "")

    def xml_tree(self, content: bytes) -> bytes:
        from lxml import etree

        try:
            root = etree.fromstring(
                content, etree.XMLParser(resolve_entities=False, huge_tree=False)
            )
        except Exception:
            return self.bytes_ops(content, "docx", 1)
        for _ in range(self.rng.randint(1, 4)):
            elements = [e for e in root.iter() if e is not root and isinstance(e.tag, str)]
            if not elements:
                break
            e = self.rng.choice(elements)
            parent = e.getparent()
            op = self.rng.choice(("drop", "dup", "move", "val", "text", "wrap", "grid", "vmerge"))
            self.ops.append("xml-" + op)
            if op == "drop":
                parent.remove(e)
            elif op == "dup":
                at = parent.index(e)
                for _ in range(self.rng.choice([1, 1, 2, 5, 50])):
                    parent.insert(at, copy.deepcopy(e))
            elif op == "move":
                target = self.rng.choice(elements)
                if e not in target.iterancestors() and target is not e:
                    target.insert(self.rng.randint(0, len(target)), e)
            elif op == "val":
                e.set(self.W + "val", self.rng.choice(self.VALUES))
            elif op == "text":
                t = self.rng.choice([x for x in elements if x.tag == self.W + "t"] or [e])
                t.text = self.rng.choice(TOKENS["txt"] + list(self.VALUES))
            elif op == "wrap":
                path = self.rng.choice(self.WRAPPERS).split("/")
                depth = self.rng.choice([1, 1, 2, 10, 300])
                at = parent.index(e)
                inner = e
                for _ in range(depth):
                    outer = etree.Element(self.W + path[0])
                    leaf = outer
                    for tag in path[1:]:
                        leaf = etree.SubElement(leaf, self.W + tag)
                    leaf.append(inner)
                    inner = outer
                parent.insert(at, inner)
            else:  # gridSpan / vMerge on a cell
                cells = [x for x in elements if x.tag == self.W + "tc"] or [e]
                tc = self.rng.choice(cells)
                pr = tc.find(self.W + "tcPr")
                if pr is None:
                    pr = etree.SubElement(tc, self.W + "tcPr")
                    tc.insert(0, pr)
                tag = "gridSpan" if op == "grid" else "vMerge"
                el = etree.SubElement(pr, self.W + tag)
                if self.rng.random() < 0.8:
                    el.set(self.W + "val", self.rng.choice(self.VALUES))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- format-aware operations ----------------------------------------------------------
    def docx_member(self, data: bytes) -> bytes:
        """Mutate, drop, rename or duplicate a member of the zip and write the zip again."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = [(i, zf.read(i)) for i in zf.infolist()]
        except Exception:
            return self.bytes_ops(data, "docx", self.rng.randint(1, 4))
        if not members:
            return data
        names = [i.filename for i, _ in members]
        weights = [8 if n == "word/document.xml" else 1 for n in names]
        k = self.rng.choices(range(len(members)), weights)[0]
        info, content = members[k]
        r = self.rng.random()
        if r < 0.45 and info.filename.endswith(".xml"):
            self.ops.append(f"tree:{info.filename}")
            content = self.xml_tree(content)
        elif r < 0.75:
            content = self.bytes_ops(content, "docx", self.rng.randint(1, 4), f"{info.filename}:")
            if self.rng.random() < 0.1 and content.startswith(b"<?xml"):
                # an entity expansion bomb in place of the XML declaration
                end = content.find(b"?>") + 2
                dtd = b'<!DOCTYPE w:document [<!ENTITY a "' + b"x" * 64 + b'">'
                for j in range(1, 8):
                    dtd += b"<!ENTITY %c " % (97 + j) + b'"' + b"&%c;" % (96 + j) * 10 + b'">'
                content = (
                    content[:end] + dtd + b"]>" + content[end:].replace(b"<w:t>", b"<w:t>&h;", 1)
                )
                self.ops.append(f"{info.filename}:entities")
            members[k] = (info, content)
        elif r < 0.85:
            del members[k]
            self.ops.append(f"drop:{info.filename}")
        elif r < 0.93:
            members.append((info, content))
            self.ops.append(f"twice:{info.filename}")
        else:
            other = self.rng.choice(names)
            members[k] = (zipfile.ZipInfo(other), content)
            self.ops.append(f"rename:{info.filename}->{other}")
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are the point
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for i, c in members:
                    zf.writestr(i.filename, c)
        return buf.getvalue()

    STREAM = re.compile(rb"/Length (\d+)(?![\d ]*R)([^>]*)>>\s*stream(\r\n|\n)")

    def pdf_stream(self, data: bytes) -> bytes:
        """Inflate one Flate stream, mutate it, deflate it and fix its /Length."""
        streams = list(self.STREAM.finditer(data))
        if not streams:
            return self.bytes_ops(data, "pdf", 1)
        m = self.rng.choice(streams)
        n, start = int(m.group(1)), m.end()
        try:
            inner = zlib.decompress(data[start : start + n])
        except zlib.error:
            return self.bytes_ops(data, "pdf", 1)
        inner = self.bytes_ops(inner, "pdf", self.rng.randint(1, 4), "stream:")
        packed = zlib.compress(inner)
        return (
            data[: m.start(1)]
            + str(len(packed)).encode()
            + data[m.end(1) : start]
            + packed
            + data[start + n :]
        )

    def pdf_xref(self, data: bytes) -> bytes:
        """Append a classic xref table for the objects where they now are (last one wins)."""
        objs: dict[int, tuple[int, int]] = {}
        for m in re.finditer(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj\b", data):
            objs[int(m.group(1))] = (m.start(), int(m.group(2)))
        roots = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)
        infos = re.findall(rb"/Info\s+(\d+\s+\d+\s+R)", data)
        size = max(objs, default=0) + 1
        if size > 100_000:
            return data
        out = bytearray(data if data.endswith(b"\n") else data + b"\n")
        xref = len(out)
        out += b"xref\n0 %d\n" % size
        for i in range(size):
            off, gen = objs.get(i, (0, 65535))
            out += b"%010d %05d %s \n" % (off, gen, b"n" if i in objs else b"f")
        trailer = b"/Size %d" % size
        if roots:
            trailer += b" /Root " + roots[-1]
        if infos:
            trailer += b" /Info " + infos[-1]
        out += b"trailer\n<<" + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
        self.ops.append("xref")
        return bytes(out)

    def mutate(self, data: bytes, fmt: str) -> bytes:
        n = self.rng.choice([1, 1, 2, 2, 3, 4, 6, 8])
        if fmt == "docx" and self.rng.random() < 0.75:
            for _ in range(self.rng.choice([1, 1, 2])):
                data = self.docx_member(data)
            return data
        if fmt == "pdf":
            if self.rng.random() < 0.5:
                for _ in range(self.rng.choice([1, 1, 2, 3])):
                    data = self.pdf_stream(data)
            else:
                data = self.bytes_ops(data, fmt, n)
            if b"/ObjStm" not in data and self.rng.random() < 0.8:
                data = self.pdf_xref(data)
            return data[:MAX_CASE_BYTES]
        if fmt in ("txt", "html") and self.rng.random() < 0.6:
            return self.text_ops(data, fmt, n)
        return self.bytes_ops(data, fmt, n)


# --------------------------------------------------------------------------------------------
# The worker: one case at a time, the contract checked there


def run_case(path: Path) -> dict[str, Any]:
    """Load and parse one file; the outcome, with what broke the contract if anything did."""
    from ingest.loaders import load_document
    from ingest.parse import parse_document
    from reportqa.errors import IngestError

    t0 = time.perf_counter()
    result: dict[str, Any] = {"stage": "load"}
    try:
        doc = load_document(path)
        problem = _document_problem(doc)
        if problem:
            result.update(outcome="contract", type="Contract", error=problem, where="Document")
        else:
            result.update(stage="parse", blocks=len(doc.blocks), tables=len(doc.tables()))
            parsed = parse_document(doc, "fuzz", str(path))
            result.update(outcome="parsed", facts=len(parsed.facts), chunks=len(parsed.chunks))
    except IngestError as exc:
        if exc.path != str(path) or not exc.reason or "\n" in exc.reason:
            result.update(
                outcome="contract",
                type="Contract",
                error=f"IngestError(path={exc.path!r}, reason={exc.reason!r}) "
                f"does not name {str(path)!r} with a one-line reason",
                where=_where(exc),
                traceback=traceback.format_exc(limit=30),
            )
        else:
            cause = exc.__cause__
            result.update(
                outcome="ingest_error",
                reason=exc.reason,
                cause=_cause(cause) if cause is not None else None,
            )
    except BaseException as exc:  # noqa: BLE001  (the point: whatever escapes is a finding)
        result.update(
            outcome="exception",
            error=f"{type(exc).__name__}: {str(exc)[:500]}",
            type=type(exc).__name__,
            traceback=traceback.format_exc(limit=30),
            where=_where(exc),
        )
    result["seconds"] = time.perf_counter() - t0
    return result


def _worker(conn: Connection, workdir: str, timeout: float, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops us
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # libraries that print do not flood the summary
    os.dup2(devnull, 2)
    fault = open(Path(workdir) / "fault.log", "wb", buffering=0)  # noqa: SIM115
    faulthandler.enable(fault)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        ext, data = msg
        path = Path(workdir) / f"case{ext}"
        path.write_bytes(data)
        fault.seek(0)
        fault.truncate()
        faulthandler.dump_traceback_later(timeout * 0.9, exit=False, file=fault)
        try:
            result = run_case(path)
        finally:
            faulthandler.cancel_dump_traceback_later()
        conn.send(result)


def _document_problem(doc) -> str | None:
    from ingest.document import TextLine

    if not doc.blocks:
        return "load_document returned a Document without blocks"
    for block in doc.blocks:
        if isinstance(block, TextLine):
            if doc.text[block.start : block.start + len(block.text)] != block.text:
                return f"line {block.line} {block.text[:40]!r} is not at offset {block.start}"
    return None


def _cause(exc: BaseException) -> str:
    """The library exception a loader turned into its fallback IngestError, and where it was
    raised: the innermost frame, and the innermost frame of the project's code when there is one
    (a bug of ours that the catch-all in load_document hides shows up there)."""
    frames = traceback.extract_tb(exc.__traceback__)
    inner = frames[-1] if frames else None
    ours = [f for f in frames if _ours(f.filename)]
    name = f"{type(exc).__module__}.{type(exc).__name__}".removeprefix("builtins.")
    text = name if inner is None else f"{name} at {_rel(inner.filename)}:{inner.lineno}"
    if ours and ours[-1] is not inner:
        text += f" via {_rel(ours[-1].filename)}:{ours[-1].lineno}"
    return text


def _ours(filename: str) -> bool:
    """A file of the project's own code (this script aside)."""
    return (
        filename.startswith(str(ROOT))
        and "/.venv/" not in filename
        and not filename.endswith("fuzz.py")
    )


def _rel(filename: str) -> str:
    return str(Path(filename).relative_to(ROOT)) if _ours(filename) else Path(filename).name


def _where(exc: BaseException) -> str:
    """The innermost frame of the project's own code, else the innermost frame (the signature)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if _ours(f.filename)]
    f = (ours or frames or [None])[-1]
    if f is None:
        return "?"
    return f"{_rel(f.filename)}:{f.lineno} ({f.name})"


@dataclass
class Worker:
    proc: Any
    conn: Connection
    workdir: Path
    case: dict[str, Any] | None = None  # in flight
    started: float = 0.0


class Pool:
    """``jobs`` workers; each runs one case at a time and is replaced when it hangs or dies."""

    def __init__(self, jobs: int, timeout: float, memory_mb: int, tmp: Path):
        self.ctx = mp.get_context("fork")
        self.timeout, self.memory_mb, self.tmp = timeout, memory_mb, tmp
        self.workers = [self._start(i) for i in range(jobs)]

    def _start(self, i: int) -> Worker:
        workdir = Path(tempfile.mkdtemp(prefix=f"w{i}-", dir=self.tmp))
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(
            target=_worker, args=(child, str(workdir), self.timeout, self.memory_mb), daemon=True
        )
        proc.start()
        child.close()
        return Worker(proc, parent, workdir)

    def idle(self) -> list[Worker]:
        return [w for w in self.workers if w.case is None]

    def submit(self, w: Worker, case: dict[str, Any]) -> None:
        w.case, w.started = case, time.perf_counter()
        w.conn.send((case["ext"], case["data"]))

    def collect(self, block: float) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Finished cases as (case, result); hung or dead workers give a finding result."""
        busy = [w for w in self.workers if w.case is not None]
        if not busy:
            return []
        now = time.perf_counter()
        soonest = min(w.started + self.timeout for w in busy)
        ready = wait([w.conn for w in busy], timeout=max(0.0, min(block, soonest - now)))
        done = []
        for k, w in enumerate(self.workers):
            if w.case is None:
                continue
            result = None
            if w.conn in ready:
                try:
                    result = w.conn.recv()
                except (EOFError, OSError):
                    w.proc.join(5)
                    result = self._dead(w, f"worker died (exit code {w.proc.exitcode})")
            elif time.perf_counter() - w.started > self.timeout:
                time.sleep(0.2)  # let the stack dump land
                result = self._dead(w, f"hang: no result after {self.timeout:g} s")
            if result is not None:
                done.append((w.case, result))
                w.case = None
                if result["outcome"] in ("hang", "died"):
                    self.workers[k] = self._start(k)
        return done

    def _dead(self, w: Worker, error: str) -> dict[str, Any]:
        stack = (w.workdir / "fault.log").read_text(errors="replace")
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join(5)
        frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', stack)
        ours = [f for f in frames if _ours(f[0])]
        top = (ours or frames or [("?", "?", "?")])[0]  # faulthandler prints innermost first
        return {
            "outcome": "hang" if error.startswith("hang") else "died",
            "stage": "parse" if "in parse_document" in stack else "load" if stack else "?",
            "error": error,
            "type": "Hang" if error.startswith("hang") else "WorkerDied",
            "traceback": stack or "(no stack dump)",
            "where": f"{_rel(top[0])}:{top[1]} ({top[2]})",
            "seconds": time.perf_counter() - w.started,
        }

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.proc.join(2)
            if w.proc.is_alive():
                w.proc.kill()


# --------------------------------------------------------------------------------------------
# The run


def signature(fmt: str, result: dict[str, Any]) -> tuple:
    """What makes an outcome new enough to keep the mutant in the pool."""
    if result["outcome"] == "ingest_error":
        return (fmt, "error", result["reason"], result.get("cause"))
    bucket = lambda n: n if n is None or n < 4 else 4 + n.bit_length()  # noqa: E731
    return (
        fmt,
        result["outcome"],
        bucket(result.get("blocks")),
        result.get("tables"),
        bucket(result.get("facts")),
        bucket(result.get("chunks")),
    )


def save_finding(crash_dir: Path, case: dict[str, Any], result: dict[str, Any]) -> str:
    crash_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(case["data"]).hexdigest()[:10]
    name = f"{case['fmt']}-{case['id']:06d}-{result['type']}-{digest}{case['ext']}"
    path = crash_dir / name
    path.write_bytes(case["data"])
    path.with_name(name + ".txt").write_text(
        f"{result['error']}\nstage: {result['stage']}\nwhere: {result['where']}\n"
        f"base: {case['base']}\nops: {' '.join(case['ops'])}\n\n{result.get('traceback', '')}",
        encoding="utf-8",
    )
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


@dataclass
class Tally:
    """Outcomes so far: counts per format, IngestError reasons and causes, distinct findings,
    and the mutants kept for further mutation."""

    formats: list[str]
    crash_dir: Path
    rng: random.Random
    counts: dict[str, collections.Counter] = field(default_factory=dict)
    busy: collections.Counter = field(default_factory=collections.Counter)  # worker s per format
    reasons: collections.Counter = field(default_factory=collections.Counter)
    causes: collections.Counter = field(default_factory=collections.Counter)
    findings: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    evolved: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)
    seen: set[tuple] = field(default_factory=set)
    slowest: list[tuple[float, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.counts = {f: collections.Counter() for f in self.formats}
        self.evolved = {f: [] for f in self.formats}

    def record(self, case: dict[str, Any], result: dict[str, Any]) -> None:
        fmt, outcome = case["fmt"], result["outcome"]
        n = self.counts[fmt]
        n["cases"] += 1
        self.busy[fmt] += result["seconds"]
        self.slowest = sorted(
            [*self.slowest, (result["seconds"], fmt, f"case {case['id']} {outcome}")], reverse=True
        )[:5]
        if outcome in ("parsed", "ingest_error"):
            loaded = outcome == "parsed" or result["stage"] == "parse"
            n["loaded"] += loaded
            n[outcome] += 1
            if outcome == "ingest_error":
                self.reasons[result["reason"]] += 1
                if result["cause"]:
                    self.causes[result["cause"]] += 1
            sig = signature(fmt, result)
            if loaded and sig not in self.seen:  # a new way through the parser: mutate it more
                self.seen.add(sig)
                bag, item = self.evolved[fmt], (f"mutant-{case['id']}", case["data"])
                if len(bag) < POOL_CAP:
                    bag.append(item)
                else:
                    bag[self.rng.randrange(POOL_CAP)] = item
            return
        n["finding"] += 1
        key = (fmt, result["type"], result["where"])
        if key in self.findings:
            self.findings[key]["count"] += 1
            return
        saved = save_finding(self.crash_dir, case, result)
        self.findings[key] = {
            "format": fmt,
            "outcome": outcome,
            "stage": result["stage"],
            "error": result["error"],
            "where": result["where"],
            "input": saved,
            "base": case["base"],
            "ops": case["ops"],
            "traceback": result.get("traceback", ""),
            "count": 1,
        }
        print(f"FINDING {fmt} {result['error']} at {result['where']} -> {saved}", flush=True)

    def results(self, args: argparse.Namespace, elapsed: float) -> dict[str, Any]:
        total = sum(n["cases"] for n in self.counts.values())
        return {
            "seconds": round(elapsed, 1),
            "seed": args.seed,
            "timeout_s": args.timeout,
            "jobs": args.jobs,
            "cases": total,
            "cases_per_s": round(total / elapsed, 2),
            "per_format": {
                f: {
                    "cases": n["cases"],
                    "loaded": n["loaded"],
                    "parsed": n["parsed"],
                    "ingest_error": n["ingest_error"],
                    "findings": n["finding"],
                    "worker_s": round(self.busy[f], 1),
                    "cases_per_worker_s": round(n["cases"] / self.busy[f], 2)
                    if self.busy[f]
                    else None,
                    "evolved_pool": len(self.evolved[f]),
                }
                for f, n in self.counts.items()
            },
            "ingest_error_reasons": self.reasons.most_common(),
            "ingest_error_causes": self.causes.most_common(),
            "findings": list(self.findings.values()),
            "finding_cases": sum(n["finding"] for n in self.counts.values()),
            "slowest_cases": [
                {"seconds": round(t, 2), "format": f, "case": c} for t, f, c in self.slowest
            ],
        }


def fuzz(args: argparse.Namespace, formats: list[str]) -> dict[str, Any]:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="reportqa-fuzz-") as tmp_name:
        tmp = Path(tmp_name)
        t = time.perf_counter()
        seeds = make_seeds(args.seed, tmp)
        print(
            f"seeds in {time.perf_counter() - t:.1f} s: "
            + ", ".join(f"{f} {len(s)}" for f, s in seeds.items()),
            file=sys.stderr,
        )
        donors = [data for files in seeds.values() for _, data in files]
        tally = Tally(formats, args.crashes, rng)
        for module in ("ingest.loaders.pdf", "ingest.loaders.docx", "ingest.parse", "pdfplumber"):
            __import__(module)  # workers forked from here start warm
        pool = Pool(args.jobs, args.timeout, args.memory_mb, tmp)
        start = time.perf_counter()
        case_id = 0
        try:
            while True:
                if time.perf_counter() < start + args.seconds:
                    for w in pool.idle():
                        # each format gets an equal share of worker time
                        fmt = min(formats, key=lambda f: (tally.busy[f], formats.index(f)))
                        tally.busy[fmt] += 1.0  # a guess until the case reports its time
                        case = make_case(rng, case_id, fmt, seeds, tally.evolved[fmt], donors)
                        pool.submit(w, case)
                        case_id += 1
                elif all(w.case is None for w in pool.workers):
                    break
                for case, result in pool.collect(block=1.0):
                    tally.busy[case["fmt"]] -= 1.0
                    tally.record(case, result)
        except KeyboardInterrupt:
            print("interrupted: summary of the cases so far", file=sys.stderr)
        finally:
            pool.close()
        return tally.results(args, time.perf_counter() - start)


def make_case(
    rng: random.Random,
    case_id: int,
    fmt: str,
    seeds: dict[str, list[tuple[str, bytes]]],
    evolved: list[tuple[str, bytes]],
    donors: list[bytes],
) -> dict[str, Any]:
    base_name, base = rng.choice(seeds[fmt] + evolved)
    mut = Mutator(rng, donors)
    if rng.random() < 0.03:  # another format's bytes under this extension
        other = rng.choice([f for f in FORMATS if f != fmt and seeds[f]])
        base_name, base = rng.choice(seeds[other])
        mut.ops.append(f"as-{fmt}")
    data = mut.mutate(base, fmt) or b" "
    ext = ".htm" if fmt == "html" and rng.random() < 0.2 else f".{fmt}"
    return {"id": case_id, "fmt": fmt, "ext": ext, "base": base_name, "ops": mut.ops, "data": data}


def print_summary(r: dict[str, Any]) -> None:
    print(
        f"{r['cases']} cases in {r['seconds']:.0f} s ({r['cases_per_s']:.1f}/s), seed {r['seed']}, "
        f"{r['jobs']} worker(s), timeout {r['timeout_s']:g} s"
    )
    print(
        f"{'format':8} {'cases':>7} {'cases/s*':>8} {'loaded':>7} {'parsed':>7} "
        f"{'IngestErr':>9} {'findings':>8}"
    )
    for f, x in r["per_format"].items():
        print(
            f"{f:8} {x['cases']:7} {x['cases_per_worker_s'] or 0:8.1f} {x['loaded']:7} "
            f"{x['parsed']:7} {x['ingest_error']:9} {x['findings']:8}"
        )
    print("* per second of worker time on that format (each format gets an equal share)")
    print("IngestError reasons (top 10):")
    for reason, n in r["ingest_error_reasons"][:10]:
        print(f"  {n:7}  {reason}")
    print("library exceptions behind them (top 15):")
    for cause, n in r["ingest_error_causes"][:15]:
        print(f"  {n:7}  {cause}")
    print(
        "slowest cases: "
        + ", ".join(
            f"{x['seconds']:.1f} s ({x['format']}, {x['case']})" for x in r["slowest_cases"]
        )
    )
    print(f"findings: {len(r['findings'])} distinct, {r['finding_cases']} cases")
    for fd in r["findings"]:
        print(
            f"  {fd['format']} {fd['error'][:120]} at {fd['where']} ×{fd['count']} -> {fd['input']}"
        )


def replay(paths: list[Path]) -> int:
    """Run saved inputs through the same contract, in this process; 1 if any breaks it."""
    broken = 0
    for path in paths:
        r = run_case(path)
        what = r.get("reason") or r.get("error") or f"{r.get('facts')} facts"
        print(f"{path}: {r['outcome']} ({r['stage']}, {r['seconds']:.2f} s): {what}")
        if r["outcome"] not in ("parsed", "ingest_error"):
            broken += 1
            print(r.get("traceback", ""))
    return 1 if broken else 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seconds", type=float, default=300, help="how long to fuzz (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20, help="seconds a case may take")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--memory-mb", type=int, default=3072, help="address-space cap per worker")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset")
    ap.add_argument("--out", type=Path, default=OUT / "fuzz.json")
    ap.add_argument("--crashes", type=Path, default=OUT / "fuzz-crashes")
    ap.add_argument("--replay", type=Path, nargs="+", help="re-run saved inputs and stop")
    args = ap.parse_args()
    if args.replay:
        return replay(args.replay)
    formats = [f for f in args.formats.split(",") if f]
    if unknown := set(formats) - set(FORMATS):
        ap.error(f"unknown formats {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    results = fuzz(args, formats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print_summary(results)
    print(f"wrote {args.out}")
    return 1 if results["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
