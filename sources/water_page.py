"""The national automatic-monitoring platform's real-time table (国家地表水水质自动监测实时数据) as a saved
or served HTML page: ``szzdjc.cnemc.cn:8070/GJZ/Business/Publish/Main.html`` once its script has filled
the table.

The page has a header table ``#gridHd`` (one ``<td>`` per column, the unit in ``<span class="unit">``) and
one ``<li class="news-item">`` per section, each a one-row table with the same cells. Two layouts are
known and both are read by their header, not by position:

* **2025-11** (17 cells): 省份, 流域, 断面名称 (tooltip ``所在地市:衡阳市⏎所属河流:湘江``), 监测时间
  (``MM-DD HH:MM``, every 4 hours), 水质类别, eleven items, 站点情况. Each value cell shows the displayed
  (rounded) value with the raw value in its tooltip ``data-original-title="原始值：7.9052"``.
* **2026-02** (16 cells): no 站点情况, no city/river tooltip, hourly times, the raw value in ``title``.

``*`` in a value cell means the station does not measure the item; ``--`` or an empty cell, no value.
A row is numbered as in a table: the header is row 1, the first section row 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sources.errors import FeedFormatError

ORIGINAL = re.compile(r"^\s*原始值\s*[:：]\s*(.*?)\s*$", re.S)
PLACE = re.compile(r"所在地市\s*[:：]\s*([^\n\r]*)")
RIVER = re.compile(r"所属河流\s*[:：]\s*([^\n\r]*)")


@dataclass
class PageCell:
    text: str = ""
    tooltip: str | None = None


@dataclass
class PageTable:
    header: list[str] = field(default_factory=list)
    rows: list[list[PageCell]] = field(default_factory=list)


class _Parser(HTMLParser):
    """Collects the #gridHd header cells and the cells of each li.news-item row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.table = PageTable()
        self._in_header = False
        self._header_depth = 0
        self._in_item = 0          # depth of <li class="news-item"> nesting (0 = outside)
        self._cell: PageCell | None = None
        self._row: list[PageCell] | None = None
        self._hcell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "gridHd":
            self._in_header = True
        elif tag == "li" and "news-item" in (a.get("class") or "").split():
            self._in_item = 1
            self._row = []
        elif tag == "td":
            if self._in_header:
                self._hcell = []
            elif self._in_item:
                self._cell = PageCell()
        elif tag == "br" and self._hcell is not None:
            self._hcell.append("")
        if self._cell is not None and self._cell.tooltip is None:
            tip = a.get("data-original-title") or a.get("title")
            if tip:
                self._cell.tooltip = tip

    def handle_endtag(self, tag):
        if tag == "table" and self._in_header:
            self._in_header = False
        elif tag == "td":
            if self._hcell is not None:
                self.table.header.append("".join(self._hcell).strip())
                self._hcell = None
            elif self._cell is not None and self._row is not None:
                self._cell.text = self._cell.text.strip()
                self._row.append(self._cell)
                self._cell = None
        elif tag == "li" and self._in_item:
            self._in_item = 0
            if self._row:
                self.table.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._hcell is not None:
            self._hcell.append(data.strip())
        elif self._cell is not None:
            self._cell.text += data


def parse_page(text: str, source: str) -> PageTable:
    """The header and section rows of a saved platform page; FeedFormatError when it has no table."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    table = parser.table
    if not table.header:
        raise FeedFormatError(f"{source}: row 1: not the platform's real-time page (no #gridHd header table)")
    if not table.rows:
        raise FeedFormatError(f"{source}: row 2: the page has a header but no section rows (table not loaded)")
    return table


def original_value(tooltip: str | None) -> str | None:
    """'原始值：7.9052' → '7.9052'; None when the cell has no such tooltip."""
    if not tooltip:
        return None
    match = ORIGINAL.match(tooltip)
    return match.group(1) if match else None


def place(tooltip: str | None) -> tuple[str | None, str | None]:
    """(所在地市, 所属河流) from the section name's tooltip (2025-11 layout); (None, None) without it."""
    if not tooltip:
        return None, None
    city, river = PLACE.search(tooltip), RIVER.search(tooltip)
    return (city.group(1).strip() or None) if city else None, (river.group(1).strip() or None) if river else None
