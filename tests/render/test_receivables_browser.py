"""The report page's won and lost deals and receivables in headless Chromium (SPEC §12): to the cent, no script."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium import Browser
from conftest import PROFILES
from render.test_report_browser import _write_page, browser  # noqa: F401 - the module's browser fixture

pytestmark = pytest.mark.usefixtures("browser")


class _Table(HTMLParser):
    """The cells of one table (by id) as the browser rendered it: body rows and foot rows apart."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.part = table_id, False, ""
        self.rows: dict[str, list[list[str]]] = {"tbody": [], "tfoot": []}
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag in ("tbody", "tfoot"):
            self.part = tag
        elif self.inside and self.part and tag == "tr":
            self.rows[self.part].append([])
        elif self.inside and self.part and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self._cell is not None and tag in ("td", "th"):
            self.rows[self.part][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_receivables_on_the_page_add_up_to_the_cent(browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    page = _write_page(tmp_path, str(PROFILES), "--lang", "en")
    visit = browser.visit(page.as_uri(), javascript=False, height=2400)
    assert visit.messages == [] and visit.requests == [page.as_uri()]
    table = _Table("receivables")
    table.feed(visit.dom)
    body, foot = table.rows["tbody"], table.rows["tfoot"]
    # the demo's won account, as of 2026-11-29: 858,000.00 paid, 1,144,000.00 unpaid 42 days past due,
    # 858,000.00 due in January; contracted 2,860,000.00
    won = next(row for row in body if row[0] == "钱江水务集团")
    assert won[1:] == ["CNY", "2,860,000.00", "858,000.00", "2,002,000.00", "1,144,000.00", "42"]
    for row in body:
        assert _amount(row[3]) + _amount(row[4]) == _amount(row[2])  # received + outstanding = contracted
    for total in foot:  # one total per currency, the sum of its accounts' rows to the cent
        rows = [row for row in body if row[1] == total[1]]
        for column in (2, 3, 4, 5):
            assert sum(_amount(row[column]) for row in rows) == _amount(total[column])
    closed = _Table("closed-deals")
    closed.feed(visit.dom)
    outcomes = {row[0]: row[1] for row in closed.rows["tbody"]}
    assert outcomes == {"钱江水务集团": "serve", "Litware Clinics Group": "lost"}
    assert re.search(r"won \(served\)", visit.dom)


def test_a_won_accounts_details_show_its_receivables(browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    page = _write_page(tmp_path, str(PROFILES), "--lang", "en")
    visit = browser.visit(page.as_uri() + "#account-qianjiang-water", height=1600)
    assert visit.messages == [] and "data-ready=" in visit.dom
    dialog = visit.dom[visit.dom.index('<dialog id="detail"'):]
    dialog = dialog[:dialog.index("</dialog>")]
    assert "won 2026-09-15" in dialog
    assert "CNY contracted 2,860,000.00 · received 858,000.00 · outstanding 2,002,000.00 · overdue 1,144,000.00 " \
           "(42 days)" in dialog
    assert "<h4>Strategies</h4>" not in dialog  # no open-deal strategies (an open account has the heading)
