"""Bodies named in a question: aliases of the catalog, regions that narrow them (东澜区 +
新华街道), names of bodies the corpus does not hold (西澜区白沙镇, 朝阳区), and names close to an
alias (淮按市, 怀安) that must be confirmed before anything is answered."""

from __future__ import annotations

import re

from assistant.catalog import Catalog, Mention
from assistant.question import BodyMention, BodyStatus

_REGION_END = tuple("省市区县州旗")
# a name with a level, the way an unknown body is said: 朝阳区, 白沙镇政府, 澜江市财政局
_MENTION = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:街道办事处|街道办|街道|人民政府|市政府|区政府|县政府|镇政府|办事处|管委会|管理委员会|实验区|开发区|镇|乡|区(?!域|别)|县|市(?!场)|州|局(?!面|势)|委员会|委(?!员)|厅))"
)
# words between a region and a name that it still narrows (西澜区那个新华街道)
_QUALIFIER_GAP = re.compile(r"那个|这个|的|下面的|下属的|辖区的|里的|里面的")
# words no name holds: 怎么监督各县, 淮安对政府 are a question's words, not a body's name
_FUNCTION = re.compile(r"[的对怎么在把将被从向给吗呢]|如何")
_NOT_A_NAME = re.compile(
    r"^(?:我|本|全|该|各|哪|那|这|请问|一个|个|城|都|上|下|去|今|前|近|其|每|辖|整理|查|看|问|找|比对|了解)"
)
# a name continuing after a region (西澜区 + 白沙镇, 淮安市 + 清江浦区人民政府): another body
_TAIL = re.compile(
    r"([\u4e00-\u9fff]{1,12}?)(街道办事处|街道办|街道|人民政府|政府|镇|乡|局|委员会|厅)"
)
_TAIL_STOP = set(
    "年月日的是在问请了与及和跟同或比多少有收共去今前那呢吗几个为被因这哪什么怎里中各说讲查看"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_JOINERS = set("和跟同与及或、")
_GENERIC = (
    "政府信息",
    "信息公开",
    "人民政府",
    "政府",
    "全市",
    "全区",
    "全县",
    "城市",
    "地区",
    "社区",
    "市区",
    "辖区",
    "城区",
    "本市",
    "本区",
)
# words before a name that belong to the question, not to the name (去年淮安市 …)
_LEAD = re.compile(
    r"^.*?(?:年|月|的|是|在|问|请|了|和|与|及|比|跟|同|看|查|说|那|呢|吗|换成|换|改成)"
)
_LEVEL_AFTER = "省市区县镇乡旗"
# words that say the bodies named are a city's own departments (市直部门, 市里各部门)
_CITY_LEVEL = re.compile(r"市直|市级|市属|市里|市本级|全市各部门|市各部门")


def resolve_mentions(
    text: str, catalog: Catalog, scoped: bool = False, city_level: bool = False
) -> tuple[list[BodyMention], list[tuple[int, int]]]:
    """The bodies named in ``text`` and the spans they cover.

    A region just before a name narrows it (东澜区 + 新华街道 is the 东澜区 one) or, where no
    body of that name lies in that region, makes it a body the corpus does not hold; a region
    followed by a name that is no alias (西澜区白沙镇, 淮安市清江浦区人民政府) is such a body too.
    Regions chain: 澜江市 + 东澜区 + 长乐街道办事处; a place said without its level (东澜, 澜江)
    narrows like the region it names.
    """
    mentions = catalog.find_bodies(text)
    kinds = _region_kind(text, catalog, [])
    mentions = [m for m in mentions if not any(s <= m.start < e for _, s, e in kinds)]
    out: list[BodyMention] = []
    spans: list[tuple[int, int]] = []
    qualifiers: list[tuple[str, int]] = []  # regions (as named with their level, start)

    def add(status: BodyStatus, start: int, end: int, bodies: tuple[str, ...] = ()) -> None:
        spans.append((start, end))
        out.append(
            BodyMention(text=text[start:end], status=status, bodies=bodies, start=start, end=end)
        )

    # 区人民政府, 市政府: a level alone names a government only when nothing names the place
    # before it (清江浦区人民政府 is not 区人民政府 of some district the corpus holds)
    mentions = [
        m
        for m in mentions
        if not (
            m.alias[0] in "市区县"
            and m.start > 0
            and _CJK.match(text[m.start - 1])
            and text[m.start - 1] not in _TAIL_STOP
            and not _ends_alias(mentions, m)
        )
    ]
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        first = qualifiers[0][1] if qualifiers else m.start
        if m.alias.endswith(_REGION_END) or catalog.is_place(m.alias):
            tail = _name_tail(text, m.end)
            # 西澜区新华街道, 西澜区那个新华街道, 西澜区的新华街道: the region narrows the name
            adjacent = nxt is not None and (
                nxt.start == m.end or _QUALIFIER_GAP.fullmatch(text[m.end : nxt.start]) is not None
            )
            inner = nxt is not None and tail is not None and m.end <= nxt.start < tail.end()
            if adjacent or inner:
                qualifiers.append((catalog.region_of_place(m.alias), m.start))
                continue
            if tail is not None:  # 西澜区 + 白沙镇: a body of that region the corpus lacks
                add(BodyStatus.UNKNOWN, first, tail.end())
                qualifiers = []
                continue
        office = re.match(r"办公室|办(?!公|事|结|理|完|了|的)", text[m.end :])
        if office and len(m.bodies) == 1 and not m.alias.endswith(("办", "办事处")):
            # 淮安市政府办: the government's office, a body of its own: confirm, never assume
            add(BodyStatus.FUZZY, first, m.end + office.end(), tuple(sorted(m.bodies)))
            qualifiers = []
            continue
        if (
            m.end < len(text)
            and text[m.end] in _LEVEL_AFTER
            and not m.alias.endswith(tuple(_LEVEL_AFTER))
        ):
            # 永吉县, 淮安区: the place named with another level is another place
            if (m.alias + text[m.end]) not in catalog.alias_map:
                add(BodyStatus.UNKNOWN, first, m.end + 1)
                qualifiers = []
                continue
        regions = [r for r, _ in qualifiers]
        if not qualifiers:
            region, at = _region_before(text, m, spans, catalog)
            if region:  # 青屿区 + 新华街道: a region the catalog does not know rules names out
                regions, first = [region], at
        qualifiers = []
        # a region said before a name must be the body's own: a body whose names do not say
        # (青屿区人民政府 in 淮安区政府) is not taken to lie there
        keep = tuple(
            sorted(
                b
                for b in m.bodies
                if all(
                    catalog.within(b, r) is True
                    # unsaid is enough for a name of its own (澜江市 + 青屿区人民政府), not for a
                    # level alone (淮安 + 区政府) or a level said alone (市 + 住建局)
                    or (
                        catalog.within(b, r) is None and (len(r) == 1 or m.alias[0] not in "市区县")
                    )
                    for r in regions
                )
            )
        )
        if not keep:
            add(BodyStatus.UNKNOWN, first, m.end)
        elif len(keep) == 1:
            add(BodyStatus.RESOLVED, first, m.end, keep)
        else:
            add(BodyStatus.AMBIGUOUS, first, m.end, keep)
    for region, at, end in kinds:
        # 东澜区那个街道办: a street office of that district, which one to be asked
        kind = [
            b for b in catalog.bodies if "街道" in b and catalog.within(b, catalog.regions[region])
        ]
        if kind:
            status = BodyStatus.RESOLVED if len(kind) == 1 else BodyStatus.AMBIGUOUS
            add(status, at, end, tuple(sorted(kind)))
    for found in _MENTION.finditer(text):
        if any(s < found.end() and found.start() < e for s, e in spans):
            continue
        name = _LEAD.sub("", found.group(1))
        start = found.end() - len(name)
        more = re.match(r"人民政府办公室|人民政府|政府办公室|政府", text[found.end() :])
        end = found.end() + (more.end() if more and name.endswith(_REGION_END) else 0)
        if name in catalog.regions and scoped:  # 西澜区的两个街道: a region, not a body
            continue
        if (
            len(name) >= 3
            and not _NOT_A_NAME.match(name)
            and not _generic(name)
            and not _FUNCTION.search(name)
        ):
            add(BodyStatus.UNKNOWN, start, end)  # 西澜区人民政府: the name whole
    out.sort(key=lambda b: b.start)
    merged: list[BodyMention] = []
    for b in out:  # 北京市 + 朝阳区: one name the corpus does not hold
        last = merged[-1] if merged else None
        if last and last.status is b.status is BodyStatus.UNKNOWN and last.end == b.start:
            merged[-1] = BodyMention(
                text=last.text + b.text, status=b.status, start=last.start, end=b.end
            )
        else:
            merged.append(b)
    merged = [_government_office(m, catalog) for m in merged]
    # 淮安和澜江两个市政府: a level said alone after the places names their governments again
    named = {b for m in merged if m.status is BodyStatus.RESOLVED for b in m.bodies}
    merged = [
        m
        for m in merged
        if not (
            m.status is BodyStatus.AMBIGUOUS
            and re.fullmatch(r"[省市区县]?(?:人民)?政府", m.text)
            and set(m.bodies) <= named
        )
    ]
    return _in_their_city(_narrowed_by_place(merged, text, catalog, city_level), catalog), spans


def _in_their_city(mentions: list[BodyMention], catalog: Catalog) -> list[BodyMention]:
    """市政府、东澜区政府、青屿区政府三家: a name several bodies share (市政府) said beside bodies
    that are all in one city is that city's body, when exactly one of them is."""
    if not any(m.status is BodyStatus.AMBIGUOUS for m in mentions):
        return mentions  # (the common case: nothing to place)
    resolved = [b for m in mentions if m.status is BodyStatus.RESOLVED for b in m.bodies]
    cities = {catalog.city_of(b) for b in resolved} - {None}
    if len(cities) != 1:
        return mentions
    (city,) = cities
    out = []
    for m in mentions:
        if m.status is BodyStatus.AMBIGUOUS:
            mine = [b for b in m.bodies if catalog.city_of(b) == city]
            if len(mine) == 1:
                m = m.model_copy(update={"status": BodyStatus.RESOLVED, "bodies": (mine[0],)})
        out.append(m)
    return out


def _government_office(m: BodyMention, catalog: Catalog) -> BodyMention:
    """刚察县政府 where the corpus holds no report of 刚察县人民政府 but one of its office
    (刚察县人民政府办公室, which publishes the government's portal and often its report): that
    office, named in full in every answer. Two such offices, or none, leave the name unknown."""
    said = re.fullmatch(r"(.{2,8}?[省市区县旗])(?:人民政府|政府)?", m.text)  # 刚察县, 刚察县政府
    if m.status is not BodyStatus.UNKNOWN or said is None:
        return m
    place = said.group(1)
    offices = [
        b
        for b, info in catalog.bodies.items()
        if re.search(re.escape(place) + r"(?:人民)?政府办公(?:室|厅)$", info.name)
    ]
    if len(offices) != 1:
        return m
    return m.model_copy(update={"status": BodyStatus.RESOLVED, "bodies": (offices[0],)})


def _narrowed_by_place(
    mentions: list[BodyMention], text: str, catalog: Catalog, city_level: bool
) -> list[BodyMention]:
    """A place said on its own elsewhere in the question (市场监管局（澜江的）, 澜江市这几个市直部门：
    人社局、住建局): the names several bodies share are that place's own bodies, when for every
    such name exactly one is (its name starts with the place's). The place is then a qualifier,
    not a body asked about. A place joined to the names (澜江市和住建局) stays a body."""
    ambiguous = [m for m in mentions if m.status is BodyStatus.AMBIGUOUS]
    places = [
        m
        for m in mentions
        if m.status is BodyStatus.RESOLVED
        and m.text in catalog.regions
        and not (m.start > 0 and text[m.start - 1] in _JOINERS)
        and not (m.end < len(text) and text[m.end] in _JOINERS)
    ]
    if not ambiguous:
        # 市场监管局（澜江的）: a place said in brackets qualifies the bodies named, all of it
        bracketed = [
            p
            for p in places
            if (p.start > 0 and text[p.start - 1] in "（(")
            or re.match(r"的?[）)]", text[p.end :]) is not None
        ]
        others = [m for m in mentions if m not in bracketed]
        if len(bracketed) == 1 and others:
            region = catalog.regions[bracketed[0].text]
            if all(
                m.status is BodyStatus.RESOLVED
                and all(catalog.bodies[b].name.startswith(region) for b in m.bodies)
                for m in others
            ):
                return others
        return mentions
    if len(places) == 1:
        region = catalog.regions[places[0].text]
    else:
        # 市直部门里（人社、住建、市场监管）: the city of every department named without doubt
        resolved = [b for m in mentions if m.status is BodyStatus.RESOLVED for b in m.bodies]
        cities = {r for r in set(catalog.regions.values()) if r.endswith("市") and len(r) >= 3}
        owners = {next((c for c in cities if b.startswith(c)), "") for b in resolved}
        if places or len(resolved) < 2 or len(owners) != 1 or "" in owners:
            return mentions
        if not (city_level or _CITY_LEVEL.search(text)):
            return mentions
        region = owners.pop()
    narrowed: dict[int, str] = {}
    for m in ambiguous:
        own = [b for b in m.bodies if catalog.bodies[b].name.startswith(region)]
        if len(own) != 1:
            return mentions
        narrowed[m.start] = own[0]
    return [
        m.model_copy(update={"status": BodyStatus.RESOLVED, "bodies": (narrowed[m.start],)})
        if m.start in narrowed
        else m
        for m in mentions
        if not places or m is not places[0]
    ]


_KIND_AFTER_REGION = re.compile(r"(?:" + _QUALIFIER_GAP.pattern + r")?(?:街道办事处|街道办|街道)")


def _region_kind(
    text: str, catalog: Catalog, spans: list[tuple[int, int]]
) -> list[tuple[str, int, int]]:
    """(region, start, end) where a region is followed by a kind of body alone (东澜区那个街道办)."""
    out: list[tuple[str, int, int]] = []
    # only the regions the text holds: a pattern for each of the province's regions on every
    # question cost 40 ms at 10,000 reports (re's cache holds 512)
    for region in sorted((r for r in catalog.regions if r in text), key=len, reverse=True):
        for m in re.finditer(re.escape(region), text):
            kind = _KIND_AFTER_REGION.match(text, m.end())
            if kind is None or any(s < kind.end() and m.start() < e for s, e in spans):
                continue
            if any(s <= m.start() and kind.end() <= e for _, s, e in out):
                continue
            out.append((region, m.start(), kind.end()))
    return out


def _ends_alias(mentions: list[Mention], m: Mention) -> bool:
    """Whether another mention ends just before ``m`` (澜江市 + 东澜区: a chain of names)."""
    return any(o.end == m.start for o in mentions)


def _generic(name: str) -> bool:
    return name in _GENERIC or name.endswith(
        ("信息公开", "公开", "专区", "社区", "小区", "园区", "景区", "辖区", "城区")
    )


def _name_tail(text: str, at: int) -> re.Match[str] | None:
    """The rest of a name going on at ``at`` (白沙镇, 清江浦区人民政府, 住房和城乡建设局), or None
    where the text goes on with the question (收到多少, 和永吉街道)."""
    tail = _TAIL.match(text, at)
    if tail is None or set(tail.group(1)) & _TAIL_STOP or tail.group(1)[0] in "和跟同":
        return None
    return tail


def _region_before(
    text: str, m: Mention, spans: list[tuple[int, int]], catalog: Catalog
) -> tuple[str, int]:
    """(region, where it starts) named just before mention ``m`` and covered by no earlier
    mention: 青屿区 in 青屿区新华街道; 西澜区 in 西澜区教育局 (sharing 区 with the alias
    区教育局); a region the catalog knows, said without its level (澜江 in 澜江交通局); or a level
    alone, 市 in 市住房和城乡建设局. ("", -1) when there is none."""

    def region(seg: str, at: int) -> bool:
        return (
            len(seg) >= 3
            and seg.endswith(_REGION_END)
            and re.fullmatch(r"[\u4e00-\u9fff]+", seg) is not None
            and not set(seg) & _TAIL_STOP
            and not any(s < m.start and at < e for s, e in spans)
        )

    start = m.start
    if m.alias[0] in "市区县" and start > 0:
        for n in (5, 4, 3):
            at = start + 1 - n
            if at >= 0 and region(text[at : start + 1], at):
                return text[at : start + 1], at
    for n in (5, 4, 3):
        at = start - n
        if at >= 0 and region(text[at:start], at):
            return text[at:start], at
    for n in range(8, 1, -1):
        at = start - n
        if at >= 0 and text[at:start] in catalog.regions:
            if not any(s < start and at < e for s, e in spans):
                return catalog.regions[text[at:start]], at
    gap = re.search(r"(?:" + _QUALIFIER_GAP.pattern + r")$", text[:start])
    if gap and gap.start() > 0:  # 西澜那个新华街道, 西澜区的新华街道: the region before the gap
        before = text[: gap.start()]
        for n in range(8, 1, -1):
            at = len(before) - n
            if at >= 0 and before[at:] in catalog.regions:
                if not any(s < start and at < e for s, e in spans):
                    return catalog.regions[before[at:]], at
    prev = text[start - 2] if start >= 2 else ""
    if start >= 1 and text[start - 1] in "市区县" and (not _CJK.match(prev) or prev in _TAIL_STOP):
        return text[start - 1], start - 1
    return "", -1
