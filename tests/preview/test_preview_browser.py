"""The bundled deck's preview and a deck with every note type, in a real
browser: filters, anchors, flipping, night mode, phone width, math typeset
as MathML, with no console error and no request beyond the site's files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from peerdeck.preview import preview
from peerdeck.preview.page import page
from peerdeck.preview.site import write_site
from peerdeck.preview.template import Context, render

import chromium
from chromium import Watched
from helpers import DECK_YAML, write_project
from previewed import PNG, every_type_project, site_data

ROOT = Path(__file__).parent.parent.parent
ANCHORED = "confidentiality-exceptions-danger"


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundled")
    cards = shutil.copytree(ROOT / "cards", work / "cards")
    result = preview(cards, work / "site")
    assert result.path is not None
    return result.path


@pytest.fixture(scope="module")
def every_type_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("every-type")
    result = preview(every_type_project(work / "project"), work / "site")
    assert result.path is not None
    return result.path


def _open(watched: Watched, site: Path, anchor: str = "") -> Any:
    page = watched.page
    page.goto((site / "index.html").as_uri() + anchor)
    page.wait_for_selector("body[data-ready=true]")
    return page


def _offline(watched: Watched) -> None:
    assert watched.errors == []
    assert [url for url in watched.requests if not url.startswith("file://")] == []


def _until(page: Any, condition: Callable[[], bool], seconds: float = 5) -> None:
    """Wait for ``condition`` (the page's policy forbids Playwright's
    string-evaluated waits)."""
    for _ in range(int(seconds * 20)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("the page never got there")


def _visible_ids(page: Any) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "article.note:not([hidden])", "nodes => nodes.map(n => n.id)"
    )
    return ids


def test_the_page_lists_every_note_by_deck(watched: Watched, bundled_site: Path) -> None:
    page = _open(watched, bundled_site)
    data = site_data(bundled_site)
    assert len(_visible_ids(page)) == len(data["notes"]) == 111 + 14 - 14  # live + notices
    summary = page.inner_text("#summary")
    assert summary.startswith(f"{len(data['notes'])} of {len(data['notes'])} notes")
    notes = data["notes"]
    inside = [n for n in notes if n["d"].startswith("Peer Support::Confidentiality")]
    items = page.eval_on_selector_all("nav#decks li", "items => items.map(i => i.innerText)")
    assert items[0] == f"Peer Support ({len(notes)})"  # the whole deck, subdecks included
    assert f"Confidentiality ({len(inside)})" in items and 0 < len(inside) < len(notes)
    _offline(watched)


def test_the_tag_filter_shows_the_tag_and_its_children(
    watched: Watched, bundled_site: Path
) -> None:
    page = _open(watched, bundled_site)
    page.select_option("#tag", "peer-support::confidentiality")
    shown = _visible_ids(page)
    expected = [
        note["i"]
        for note in site_data(bundled_site)["notes"]
        if any(t.startswith("peer-support::confidentiality") for t in note["t"])
    ]
    assert sorted(shown) == sorted(expected) and 0 < len(shown) < 111
    page.fill("#filter", "reporting nuances")  # words anywhere in the fields
    _until(page, lambda: _visible_ids(page) == [ANCHORED])
    _offline(watched)


def test_an_anchor_opens_its_note_and_a_card_flips(watched: Watched, bundled_site: Path) -> None:
    page = _open(watched, bundled_site, f"#{ANCHORED}")
    note = page.locator(f"article#{ANCHORED}")
    assert "focused" in (note.get_attribute("class") or "")
    box = note.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    card = note.locator("figure.card-view").first
    assert "[...]" in card.locator("#qa").inner_text()
    card.locator("button.flip").click()
    assert card.get_attribute("data-side") == "back"
    assert "in immediate danger" in card.locator("#qa").inner_text()
    shown = card.locator("span.cloze").first
    assert shown.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    _offline(watched)


def test_night_mode_uses_the_note_type_s_night_css(watched: Watched, bundled_site: Path) -> None:
    page = _open(watched, bundled_site, f"#{ANCHORED}")
    card = page.locator(f"article#{ANCHORED} .card").first
    background = "e => getComputedStyle(e).backgroundColor"
    assert card.evaluate(background) == "rgb(255, 255, 255)"
    page.check("#night")
    assert "nightMode" in (card.get_attribute("class") or "")
    assert "night_mode" in (card.get_attribute("class") or "")
    assert card.evaluate(background) == "rgb(32, 33, 36)"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(23, 24, 26)"
    _offline(watched)


def test_phone_width(watched: Watched, bundled_site: Path) -> None:
    page = _open(watched, bundled_site, f"#{ANCHORED}")
    figure = page.locator(f"article#{ANCHORED} figure.card-view").first
    wide = figure.bounding_box()
    page.check("#phone")
    narrow = figure.bounding_box()
    assert wide is not None and narrow is not None
    assert narrow["width"] == 375 < wide["width"]
    _offline(watched)


def test_math_is_typeset_as_mathml(watched: Watched, every_type_site: Path) -> None:
    page = _open(watched, every_type_site, "#basic-math-sound")
    page.check("#answers")
    formula = page.locator("article#basic-math-sound math").first
    assert formula.evaluate("e => e instanceof MathMLElement")
    box = formula.bounding_box()
    assert box is not None and box["width"] > 10
    assert "\\(" not in page.locator("article#basic-math-sound #qa").first.inner_text()
    image = page.locator("article#basic-math-sound img")
    assert image.evaluate("i => i.complete && i.naturalWidth") == 1  # loaded from media/
    audio = page.locator("article#basic-math-sound audio")
    assert audio.count() == 1  # the back shows the front's player
    assert (audio.get_attribute("src") or "").startswith("hello-")
    assert page.locator("article#typed input#typeans").count() == 0  # answers shown
    page.uncheck("#answers")
    assert page.locator("article#typed input#typeans").count() == 1
    _offline(watched)


def test_without_a_browser_tests_skip_but_fail_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(chromium, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium.require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        chromium.require_browser()


def test_a_hint_opens_inside_its_card(watched: Watched, tmp_path: Path) -> None:
    fields = {"Front": "Question", "Hint": "Think of Paris"}
    text = render("{{Front}} {{hint:Hint}}", Context.create(fields, 0))
    note = {"i": "hinted", "d": "D", "t": [], "k": "T", "r": False, "f": "n.yaml:1"}
    note |= {"p": [], "c": [["Card 1", text, text, 0]], "x": "", "s": 0}
    data: dict[str, object] = {"title": "T", "styles": [""], "notes": [note], "problems": []}
    site = write_site(tmp_path / "site", page("T", data), [])
    shown = _open(watched, site, "#hinted")
    link = shown.locator("article#hinted a.hint")
    assert not shown.locator("article#hinted div.hint").is_visible()
    link.click()
    assert shown.locator("article#hinted div.hint").inner_text() == "Think of Paris"
    assert not link.is_visible()
    _offline(watched)


def test_problems_that_stop_a_build_are_at_the_top(watched: Watched, tmp_path: Path) -> None:
    error = {"at": "n.yaml:3:5", "code": "PD103", "severity": "error", "message": "empty"}
    warning = {"at": "n.yaml:2:5", "code": "PD111", "severity": "warning", "message": "yes/no"}
    loose = {"at": "deck.yaml:1:1", "code": "PD013", "severity": "error", "message": "unknown"}
    note = {"i": "faulty", "d": "D", "t": [], "k": "T", "r": False, "f": "n.yaml:1"}
    note |= {"p": [warning, error], "c": [["Card 1", "Q", "A", 0]], "x": "", "s": 0}
    data: dict[str, object] = {"title": "T", "styles": [""], "notes": [note], "problems": [loose]}
    site = write_site(tmp_path / "site", page("T", data), [])
    shown = _open(watched, site)
    top = shown.inner_text("#problems")
    assert top.startswith("2 problems stop a build:")
    assert "deck.yaml:1:1: PD013 unknown" in top and "n.yaml:3:5: PD103 empty faulty" in top
    assert "PD111" not in top
    beside = shown.inner_text("article#faulty ul.problems")
    assert "PD111 yes/no (warning)" in beside and "PD103 empty" in beside
    shown.click("#problems a", strict=True)
    assert "focused" in (shown.get_attribute("article#faulty", "class") or "")
    _offline(watched)


def test_links_within_the_page_stay_on_it(watched: Watched, bundled_site: Path) -> None:
    """The page's base is the media folder: its own links must still name it."""
    shown = _open(watched, bundled_site)
    index = (bundled_site / "index.html").as_uri()
    shown.click("nav#decks a >> nth=1")
    assert shown.url.startswith(index + "#deck-")
    shown.locator(f"article#{ANCHORED} .note-id a").click()
    assert shown.url == f"{index}#{ANCHORED}"
    assert "focused" in (shown.get_attribute(f"article#{ANCHORED}", "class") or "")
    _offline(watched)


def test_each_deck_shows_its_description(watched: Watched, tmp_path: Path) -> None:
    described = DECK_YAML + "subdecks:\n  Maps:\n    description: 'Where: ![dot](media/dot.png)'\n"
    files: dict[str, str | bytes] = {
        "a.yaml": "deck: Maps\nnotes:\n  - {id: one, front: a, back: b}\n",
        "media/dot.png": PNG,
    }
    result = preview(write_project(tmp_path / "project", files, described), tmp_path / "site")
    assert result.path is not None
    page = _open(watched, result.path)
    headings = page.locator("h2.deck")
    assert [headings.nth(i).inner_text() for i in range(2)] == ["Test Deck", "Test Deck::Maps"]
    root, maps = (page.locator(f"h2.deck#deck-{i} + div.description") for i in range(2))
    assert root.locator("strong").inner_text() == "tests"  # Markdown rendered, in its shadow root
    assert maps.locator("img").evaluate("i => i.complete && i.naturalWidth") == 1
    assert maps.locator("img").evaluate("i => i.getRootNode() instanceof ShadowRoot")
    _offline(watched)
