"""A report's text as the narrative answers read it: sentences with their offsets, section,
sub-heading and list item, and the passages built from them. A passage is what answers a
question about the text: an enumerated list whole (一是…二是…), one item of a long list, the
problems or the plans of section 五, or the paragraph around a sentence, with the running
headers and page numbers of a PDF taken out and lines broken by the page joined again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.lexicon import lexicon
from reportqa.format import ITEM_MARKER, PROBLEMS_SECTION, to_simplified
from reportqa.records import Chunk

MAX_PASSAGE = 700  # characters: a passage longer than this keeps its first items or sentences
MAX_PARAGRAPH = 420  # the window kept around a sentence of a long paragraph
_ITEM = re.compile(r"^\s*" + ITEM_MARKER)
_SENTENCE = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+|$)")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*)?(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[-—–－])?\s*$")
_OF_PAGES = re.compile(r"^\s*第\s*\d+\s*页[，,]?\s*共\s*\d+\s*页\s*$")
_CN_ORDER = "一二三四五六七八九十"


@dataclass
class Sentence:
    text: str
    chunk: Chunk
    start: int  # offsets in the document
    end: int
    section: str
    subsection: str
    marker: str = ""  # the list marker the sentence starts with (一是, （二）…)
    role: str = ""  # in section 五: "problem" or "plan"
    index: int = 0  # position in the report
    para: int = 0  # the paragraph it stands in (a line the printed text ends with a full stop)


@dataclass
class Passage:
    sentences: list[Sentence]
    items: list[list[Sentence]] = field(default_factory=list)  # an enumerated list, item by item
    heads: list[str] = field(default_factory=list)  # what each item (or each problem) is about

    @property
    def section(self) -> str:
        return self.sentences[0].section

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


# ------------------------------------------------------------------------ cleaning the text


def _noise_lines(body_printed: str, year: int) -> re.Pattern[str]:
    """The running header a PDF repeats on each page: the body's name, the report's title."""
    name = re.escape(re.sub(r"\s+", "", body_printed))
    title = rf"(?:{name})?\s*{year}\s*年?\s*(?:度)?\s*政府信息公开工作年度报告"
    return re.compile(rf"^\s*(?:{name}|{title})\s*$")


def _clean(chunk: Chunk, noise: re.Pattern[str]) -> list[tuple[str, int]]:
    """The chunk's text as (character, document offset) pairs, without page numbers and running
    headers, and with lines that a page or a line width broke mid-sentence joined."""
    base = chunk.provenance.char_start or 0
    out: list[tuple[str, int]] = []
    pos = 0
    kept = ""  # the last line kept
    for line in chunk.text.split("\n"):
        start = pos
        pos += len(line) + 1
        compact = re.sub(r"\s+", "", line)
        if not compact or _PAGE_NUMBER.match(line) or _OF_PAGES.match(line) or noise.match(line):
            continue
        if out and out[-1][0] != "\n":
            prev = out[-1][0]
            # a heading (short line, no sentence end) keeps its break; a wrapped line does not
            heading = len(re.sub(r"\s+", "", kept)) < 20
            if prev in "。！？；：:" or heading or _ITEM.match(line):
                out.append(("\n", base + start - 1))
        for j, ch in enumerate(line):
            out.append((ch, base + start + j))
        kept = line
    return out


def _is_heading(text: str, chunk: Chunk) -> bool:
    """The section heading a chunk starts with (五、存在的主要问题及改进情况): not a sentence."""
    t = text.strip()
    return bool(t) and (
        t == chunk.section
        or (len(t) <= 30 and not re.search(r"[。；！？，,]", t) and "、" in t[:3])
    )


# ------------------------------------------------------------------------- sentences


def sentences_of(chunks: list[Chunk], body_printed: str, year: int) -> list[Sentence]:
    """Every sentence of a report's chunks, in document order, each with its list marker and,
    in section 五, whether it states a problem or a plan."""
    noise = _noise_lines(body_printed, year)
    out: list[Sentence] = []
    para = 0
    for chunk in chunks:
        chars = _clean(chunk, noise)
        text = "".join(c for c, _ in chars)
        para += 1
        seen = 0
        for m in _SENTENCE.finditer(text):
            para += text.count("\n", seen, m.start())
            seen = m.start()
            raw = m.group()
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if not body or _is_heading(body, chunk):
                continue
            a = m.start() + lead
            for piece, pa, pb in _split_intro(body, a):
                marker = _ITEM.match(piece)
                out.append(
                    Sentence(
                        text=piece,
                        chunk=chunk,
                        start=chars[pa][1],
                        end=chars[pb - 1][1] + 1,
                        section=chunk.section,
                        subsection=chunk.subsection,
                        marker=marker.group("m") if marker else "",
                        para=para,
                    )
                )
    for i, s in enumerate(out):
        s.index = i
    _mark_roles([s for s in out if s.section == PROBLEMS_SECTION])
    return out


def _split_intro(text: str, start: int) -> list[tuple[str, int, int]]:
    """主要表现在：一是……: the introduction and the first item are two sentences."""
    m = re.search(r"[：:]\s*(?=" + ITEM_MARKER + ")", text)
    if not m or m.end() >= len(text):
        return [(text, start, start + len(text))]
    cut = m.end()
    head = text[:cut].rstrip()
    return [(head, start, start + len(head)), (text[cut:], start + cut, start + len(text))]


def _mark_roles(section: list[Sentence]) -> None:
    """Section 五 states its problems, then what the body will do: every sentence from the first
    that starts the plans (下一步, 针对…问题, 2025年我街将…) on is a plan."""
    plan_start = re.compile(lexicon().narrative.plan_start)
    in_plans = False
    for s in section:
        if not in_plans and plan_start.search(to_simplified(s.text)):
            in_plans = True
        s.role = "plan" if in_plans else "problem"


# -------------------------------------------------------------------------- passages


def _family(marker: str) -> str:
    if not marker:
        return ""
    if marker.endswith("是"):
        return "是"
    if marker[0] in "（(":
        return "（n）" if marker[1].isdigit() else "（一）"
    if marker[0].isdigit():
        return "1."
    if marker.startswith("第"):
        return "第一"
    return "首先"


def _order(marker: str) -> int:
    digits = re.sub(r"\D", "", marker)
    if digits:
        return int(digits)
    for ch in marker:
        if ch in _CN_ORDER:
            return _CN_ORDER.index(ch) + 1
    return {"首先": 1, "其次": 2, "再次": 3, "最后": 9}.get(marker, 0)


def _items(run: list[Sentence]) -> list[list[Sentence]]:
    """The items of the list ``run`` holds, if it holds one: sentences from one marker of a
    family to the next of the same family, numbered on (一是, 二是 …)."""
    firsts = [i for i, s in enumerate(run) if s.marker]
    for fam in dict.fromkeys(_family(run[i].marker) for i in firsts):
        # the first kind of marker that numbers on (（四）…一是…二是: 一是, 二是)
        starts = [i for i in firsts if _family(run[i].marker) == fam]
        orders = [_order(run[i].marker) for i in starts]
        if len(starts) >= 2 and orders[1] == orders[0] + 1:
            bounds = [*starts, len(run)]
            return [run[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return []


def item_head(item: list[Sentence]) -> str:
    """What an item is about: its first clause without the marker (一是政策解读质量仍需提升，…
    → 政策解读质量仍需提升)."""
    text = _ITEM.sub("", item[0].text, count=1).lstrip("，,、：: ")
    head = re.split(r"[，,；;。：:！？]", text, maxsplit=1)[0]
    return head[:40]


_LISTED = re.compile(r"存在(?:着)?(?P<list>[^。；]{4,120}?)等(?:方面的?)?(?:问题|不足|短板)")


def listed_heads(text: str) -> list[str]:
    """仍存在公开文件比例低、政策解读质量有待提升、解读方式不够丰富多样等问题 → the three."""
    m = _LISTED.search(text)
    if not m:
        return []
    parts = [p.strip("，, ") for p in re.split(r"[、；]", m.group("list"))]
    return [p for p in parts if len(p) >= 3] if len(parts) >= 2 else []


def _cap(sentences: list[Sentence], limit: int = MAX_PASSAGE) -> list[Sentence]:
    out: list[Sentence] = []
    n = 0
    for s in sentences:
        if out and n + len(s.text) > limit:
            break
        out.append(s)
        n += len(s.text)
    return out


def _passage(sentences: list[Sentence], whole: bool = False) -> Passage:
    """A passage of ``sentences`` (capped in length unless a list asked for whole), with its list
    items and their heads."""
    sentences = sentences if whole else _cap(sentences)
    items = _items(sentences)
    heads = [item_head(i) for i in items] if items else []
    if not heads:
        heads = next((h for s in sentences if (h := listed_heads(s.text))), [])
    return Passage(sentences, items, heads)


def opening(section: list[Sentence]) -> Passage:
    """What a part of the report says, from its start (as much as a passage holds)."""
    return _passage(section)


def role_passage(report: list[Sentence], role: str) -> Passage | None:
    """The problems (or the plans) section 五 states, whole."""
    part = [s for s in report if s.section == PROBLEMS_SECTION and s.role == role]
    return _passage(part) if part else None


_RANK = {"（一）": 0, "是": 1, "第一": 1, "首先": 1, "1.": 2, "（n）": 3}


def _list_at(section: list[Sentence], best: Sentence) -> tuple[list[list[Sentence]], int]:
    """The innermost enumerated list ``best`` stands in, item by item, and which item holds it;
    ([], -1) when it stands in none. Lists nest (（一） > 一是 > 1.): a marker of an inner kind
    inside an item belongs to it, one of an outer kind ends the list."""
    pos = next((i for i, s in enumerate(section) if s is best), -1)
    start = next((i for i in range(pos, -1, -1) if section[i].marker), None)
    if start is None:
        return [], -1
    fam = _family(section[start].marker)
    rank = _RANK[fam]
    starts = [start]
    for j in range(start - 1, -1, -1):  # back to the first item
        m = section[j].marker
        if not m:
            continue
        if _family(m) == fam and _order(m) == _order(section[starts[0]].marker) - 1:
            starts.insert(0, j)
            if _order(m) == 1:
                break
        elif _RANK[_family(m)] <= rank:
            break
    end = len(section)
    for j in range(start + 1, len(section)):  # on to the last
        m = section[j].marker
        if not m:
            continue
        f = _family(m)
        if f == fam and _order(m) == _order(section[starts[-1]].marker) + 1:
            starts.append(j)
        elif _RANK[f] <= rank:
            end = j
            break
    if len(starts) < 2:
        return [], -1
    bounds = [*starts, end]
    items = [section[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    k = next(i for i, it in enumerate(items) if any(s is best for s in it))
    return items, k


def around(
    report: list[Sentence],
    best: Sentence,
    whole_list: bool = False,
    *,
    whole: bool | None = None,
    within: list[Sentence] | None = None,
) -> Passage:
    """The passage a sentence stands in: its list whole when asked for (each item cut to its
    first sentence when the whole would be too long), else its item; else its paragraph (the
    chunk), a window around it when long. ``within``: the sentences it may take (the problems
    of section 五, not its plans)."""
    if whole is not None:
        whole_list = whole
    pool = within if within is not None else report
    ids = {id(s) for s in pool}
    report = [s for s in report if id(s) in ids]
    section = [s for s in report if s.section == best.section]
    items, k = _list_at(section, best)
    if items and _family(items[0][0].marker) == "（一）" and max(map(_length, items)) > 200:
        # （一）主动公开情况 …（五）: sub-headings of long parts, not a list to quote whole
        return _window(items[k], best)
    if items:
        if whole_list:
            total = sum(len(s.text) for it in items for s in it)
            if total > MAX_PASSAGE:
                items = [it[:1] for it in items]
            intro = _intro(report, items[0][0])
            return _passage(intro + [s for it in items for s in it], whole=True)
        return _passage(items[k])
    return _window([s for s in report if s.para == best.para], best)


def focused(part: list[Sentence], best: Sentence) -> Passage:
    """The one point of ``part`` a question names: its list item, or its sentence with the
    lines that run into it (a heading, a fragment without a sentence end)."""
    items, k = _list_at(part, best)
    if items:
        return _passage(items[k])
    i = next(j for j, s in enumerate(part) if s is best)
    if best.text.rstrip().endswith(("：", ":")) and i + 1 < len(part):
        following, _ = _list_at(part, part[i + 1])
        if following:  # 还有一些需要改进的地方：一是…二是…: the introduction and its list
            return _passage([best] + [s for it in following for s in it], whole=True)
    lo, hi = i, i + 1
    # back over what runs into it: a fragment without a sentence end, or a clause ending in ；
    while (
        lo > 0 and not part[lo].marker and not re.search(r"[。！？!?]$", part[lo - 1].text.strip())
    ):
        lo -= 1
    # on to the end of its sentence: clauses joined by ；
    while (
        hi < len(part) and part[hi - 1].text.strip().endswith(("；", ";")) and not part[hi].marker
    ):
        hi += 1
    return _passage(part[lo:hi])


def _length(sentences: list[Sentence]) -> int:
    return sum(len(s.text) for s in sentences)


def _window(para: list[Sentence], best: Sentence) -> Passage:
    """``para`` whole when short, else the sentences around ``best`` (its heading first)."""
    if _length(para) <= MAX_PARAGRAPH:
        return _passage(para)
    i = next(j for j, s in enumerate(para) if s is best)
    lo, hi = i, i + 1
    size = len(best.text)
    while True:  # grow the window a sentence at a time, before first
        grew = False
        if lo > 0 and size + len(para[lo - 1].text) <= MAX_PARAGRAPH:
            lo -= 1
            size += len(para[lo].text)
            grew = True
        if hi < len(para) and size + len(para[hi].text) <= MAX_PARAGRAPH:
            size += len(para[hi].text)
            hi += 1
            grew = True
        if not grew:
            break
    return _passage(para[lo:hi])


def _intro(report: list[Sentence], first: Sentence) -> list[Sentence]:
    """The sentence that introduces a list (主要表现在：), when there is one."""
    i = next((j for j, s in enumerate(report) if s is first), 0)
    if i > 0:
        prev = report[i - 1]
        if prev.section == first.section and prev.text.rstrip().endswith(("：", ":")):
            return [prev]
    return []
