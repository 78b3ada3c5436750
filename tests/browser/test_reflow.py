"""Reflow at 320 px (WCAG 1.4.10): each role's main pages fit a 320 px wide screen without
scrolling sideways, in German and (the public pages and a long organisation name) in
English. A table too wide for the screen scrolls inside its own container, and that
container can be reached by keyboard and has a name of its own on the page. Charts keep
their labels whole and their letters at reading size; a proposal's votes by group are cards
on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.test_participation_journey import sign_in

WIDTH = 320
SV = "digitale-stadtverwaltung"
WIRTSCHAFT = "digitale-wirtschaft"

PUBLIC = [
    "/",
    f"/masterplans/{SV}",
    f"/masterplans/{SV}/proposals",
    "{proposal}",
    f"/masterplans/{SV}/draft",
    f"/masterplans/{SV}/outcomes",
    f"/masterplans/{SV}/ranking",
    f"/masterplans/{SV}/projects",
    "/reports/council",
    f"/reports/council?masterplan={WIRTSCHAFT}",
    "/archiv",
    "/suche?q=WLAN",
    "/gewichtung",
    "/daten",
    "/datenschutz",
    "/impressum",
    "/account/login",
    "/account/register",
]
SIGNED_IN = ["/account/profile", "/account/notifications", "/account/data"]
PAGES: dict[str, tuple[str | None, list[str]]] = {
    "visitor": (None, PUBLIC),
    "citizen": (
        "buergerin@demo.invalid",
        [*SIGNED_IN, "{proposal}", "/masterplans/digitale-bildung/proposals/new"],
    ),
    "organisation admin": (
        "ihk.luetkehaus@demo.invalid",
        [*SIGNED_IN, "/organizations/ihk-dortmund/members", "{proposal}"],
    ),
    "moderator": (
        "moderation@demo.invalid",
        [
            "/moderation",
            "/moderation/pending",
            "/moderation/audit",
            "/moderation/duplicates",
            "{proposal}",
        ],
    ),
    "planner": (
        "planung.verwaltung@demo.invalid",
        [
            "/planning",
            f"/planning/{SV}",
            f"/planning/{SV}/settings",
            f"/planning/{SV}/draft",
            f"/planning/{SV}/exports",
            f"/planning/{SV}/projects",
            f"/planning/{SV}/projects/import",
            f"/planning/{SV}/fields",
            f"/planning/{SV}/texts",
            f"/masterplans/{SV}/draft/compare",
            "{proposal}",
        ],
    ),
    "admin": (
        "admin@demo.invalid",
        [
            "/admin",
            "/admin/users",
            "/admin/users/new",
            "/admin/organizations",
            "/admin/organizations/wirtschaftsfoerderung",
            "/admin/masterplans",
            f"/admin/masterplans/{SV}",
            "/admin/outbox",
            "/admin/website",
            "/organizations/wirtschaftsfoerderung/members",
        ],
    ),
}
IN_ENGLISH = {
    "visitor": PUBLIC,
    "admin": ["/organizations/wirtschaftsfoerderung/members", "/admin/organizations"],
}

# The page's width against the viewport's, and the elements that stick out past it
# (outside a scrolling container, where sticking out is the container's business).
OVERFLOW_JS = """(width) => {
  const root = document.documentElement;
  const out = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('.kern-table-responsive, pre')) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) {
      out.push(element.tagName.toLowerCase() + '.' + [...element.classList].join('.'));
    }
  }
  return {scrollWidth: root.scrollWidth, culprits: out.slice(0, 5)};
}"""

# Every scrolling table container: can it take the focus, what is its role and name?
CONTAINERS_JS = """() => [...document.querySelectorAll('.kern-table-responsive')].map((box) => ({
  scrolls: box.scrollWidth > box.clientWidth,
  tabindex: box.getAttribute('tabindex'),
  role: box.getAttribute('role'),
  name: (box.getAttribute('aria-label') || '').trim(),
}))"""


PHONE = {"viewport": {"width": WIDTH, "height": 800}, "is_mobile": True, "has_touch": True}


def a_proposal(page: Any) -> str:
    page.goto(f"/masterplans/{SV}/proposals")
    href = page.locator("article.proposal-item h3 a").first.get_attribute("href")
    assert href
    return str(href)


def check_page(page: Any, path: str, label: str, shots: Path) -> list[str]:
    """What is wrong with ``path`` at 320 px (nothing: an empty list)."""
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{label}: {path} answers {response}"
    problems = []
    found = page.evaluate(OVERFLOW_JS, WIDTH)
    if found["scrollWidth"] > WIDTH:
        page.screenshot(path=shots / f"{label}-{path.strip('/').replace('/', '_')}.png")
        problems.append(f"{label} {path}: {found['scrollWidth']} px wide {found['culprits']}")
    names = []
    for box in page.evaluate(CONTAINERS_JS):
        if box["tabindex"] != "0" or box["role"] != "region" or not box["name"]:
            problems.append(f"{label} {path}: a scrolling table container {box}")
        names.append(box["name"])
    # Each region is a landmark: two of the same name could not be told apart.
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        problems.append(f"{label} {path}: table containers named alike: {twice}")
    return problems


def test_every_main_page_fits_320_px_for_every_role(
    contexts: Any, live_server: str, tmp_path: Path
) -> None:
    problems: list[str] = []
    proposal = ""
    for role, (email, paths) in PAGES.items():
        for english in (False, True):
            if english and role not in IN_ENGLISH:
                continue
            page = contexts(**PHONE)
            if email:
                sign_in(page, email)
            if english:
                page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
            proposal = proposal or a_proposal(page)
            label = f"{role}{' (en)' if english else ''}"
            for path in IN_ENGLISH[role] if english else paths:
                problems += check_page(page, path.replace("{proposal}", proposal), label, tmp_path)
    assert problems == [], "\n".join(problems)


def test_chart_labels_stay_whole_and_readable(contexts: Any) -> None:
    """The group chart and the uptake chart: every label is text at 12 px or more, inside
    the chart, on any width."""
    page = contexts(**PHONE)
    for width in (1280, 390, WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        for path in (f"/reports/council?masterplan={WIRTSCHAFT}", f"/masterplans/{SV}/outcomes"):
            page.goto(path)
            labels = page.evaluate(
                """() => [...document.querySelectorAll('.chart')].flatMap((chart) => {
                  const frame = chart.getBoundingClientRect();
                  return [...chart.querySelectorAll('.chart__label')].map((label) => {
                    const box = label.getBoundingClientRect();
                    return {
                      text: label.textContent,
                      size: parseFloat(getComputedStyle(label).fontSize),
                      inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5,
                      whole: label.scrollWidth <= label.clientWidth + 1,
                    };
                  });
                })"""
            )
            assert labels, f"{path}: no chart"
            for label in labels:
                assert label["size"] >= 12, f"{path} at {width} px: {label} is too small"
                assert label["inside"] and label["whole"], f"{path} at {width} px: {label} is cut"
    page.goto(f"/reports/council?masterplan={WIRTSCHAFT}")
    assert "Kompetenz-, Gründungs- und Serviceeinrichtungen" in page.locator(
        "#uptake-" + WIRTSCHAFT
    ).inner_text().replace("\n", " ")


def test_a_proposals_votes_by_group_are_readable_on_a_phone(contexts: Any) -> None:
    page = contexts(**PHONE)
    page.goto(a_proposal(page))
    table = page.locator("#group-breakdown table")
    for width in (390, WIDTH):
        page.set_viewport_size({"width": width, "height": 900})
        box = table.bounding_box()
        container = page.locator("#group-breakdown .kern-table-responsive").bounding_box()
        assert box is not None and container is not None
        assert box["width"] <= container["width"] + 1, f"the group table is cut at {width} px"
        # Each figure says what it is (the column's header, hidden, stands before it).
        said = page.evaluate(
            """() => getComputedStyle(
              document.querySelector('#group-breakdown tbody td'), '::before').content"""
        )
        assert "Unterstützungen" in said, f"at {width} px the figures stand unlabelled"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("#group-breakdown thead").is_visible()  # a table where there is room
