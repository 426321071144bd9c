"""The demo report in a real browser: headless Debian Chromium driven by Playwright.

`make test` installs Debian's chromium and fonts-noto-cjk where it can (Makefile, `sysdeps`), so
CI always runs this test; a machine without the browser fails here with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import CHROMIUM_FLAGS, chromium_path

from carbon.demo import run_demo

SECTIONS = ["inventory", "key_categories", "scenarios", "peaks", "targets", "measures",
            "allocation", "data_gaps"]


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    written = run_demo(reports_dir=root / "reports", results_dir=root / "results",
                       echo=lambda _line: None)
    return Path(written["report_zh"])


def test_demo_report_opens_in_headless_chromium(demo_report, tmp_path):
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    assert executable, "Debian's chromium is not installed: run `make sysdeps` (apt-get)"
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(demo_report.as_uri())
        page.wait_for_load_state("load")
        for key in SECTIONS:
            assert page.locator(f"section#{key} h2").count() == 1, key
        sizes = page.eval_on_selector_all(
            "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
        assert len(sizes) >= 5
        assert all(done and w > 100 and h > 100 for done, w, h in sizes), sizes
        assert "一、基准年温室气体清单" in page.inner_text("h2 >> nth=0")
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert errors == []
    assert shot.stat().st_size > 50_000     # kept under the test's temporary folder
