"""The dashboard (驾驶舱) in Chromium with the demo district: the charts draw, in Chinese, at 1366 and 390 px,
and a bar opens the filtered list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.conftest import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHARTS = ("chart-weekly", "chart-rates", "chart-categories", "chart-parks", "chart-lights")

# Two different Chinese characters drawn in the charts' font: missing glyphs ("tofu") draw the same box twice.
GLYPHS_DIFFER = """() => {
  const style = echarts.getInstanceByDom(document.getElementById('chart-weekly')).getOption().textStyle;
  const font = (Array.isArray(style) ? style[0] : style).fontFamily;
  if (!font.includes('WenQuanYi')) return false;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.font = '28px ' + font; g.fillText(ch, 4, 32);
    return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
  };
  return draw('超') !== draw('期') && draw('部') !== draw('门');
}"""


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo")


def _charts_drawn(page: Any) -> None:
    for chart in CHARTS:
        page.wait_for_selector(f"#{chart} canvas")
    assert page.evaluate(GLYPHS_DIFFER)


def test_supervisor_reads_the_charts_and_opens_a_park(demo: None, page: Any) -> None:
    login(page, "demo-supervisor")
    page.goto("/dashboard/")
    _charts_drawn(page)
    shot(page, "dashboard")
    # A park's bar opens the park's demands of the period.
    point = page.evaluate(
        """() => {
          const el = document.getElementById('chart-parks'), chart = echarts.getInstanceByDom(el);
          el.scrollIntoView({block: 'center', behavior: 'instant'});
          const data = JSON.parse(document.getElementById('dashboard-data').textContent).parks
            .filter(r => r.id !== null);
          const i = data.findIndex(r => r.registered > 0);
          const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
          const box = el.getBoundingClientRect();
          return {x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2, url: data[i].url};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(lambda url: "/demands/?park_id=" in url)
    assert page.url.endswith(point["url"])
    # A light opens the department's demands at that light.
    page.goto("/dashboard/")
    page.click("#light-totals >> text=已超期")
    page.wait_for_url(lambda url: url.endswith("/demands/?light=overdue"))


def test_the_dashboard_fits_a_phone(demo: None, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "demo-head")
    page.goto("/dashboard/")
    _charts_drawn(page)
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.qf-chart canvas')].map(c => c.getBoundingClientRect().right)"
    )
    assert widths and max(widths) <= 390
    # The rate buttons redraw the ranking.
    page.click("[data-rate=satisfaction_rate]")
    assert page.get_attribute("[data-rate=satisfaction_rate]", "class").endswith("active")
    shot(page, "dashboard-phone")
