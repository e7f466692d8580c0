"""The demo's province dashboard in a real browser, in Vietnamese and in English: every panel shows data,
the charts are drawn, a click on a chart opens the list it counts; a leader opens on it."""

import pytest
from playwright.sync_api import expect

from cloudmove.core.tests.browser import PASSWORD, sign_in

pytestmark = pytest.mark.browser
CHARTS = ('phases', 'states', 'readiness', 'strategies', 'units')


@pytest.fixture
def demo_province(province):
    from cloudmove.core.services import demo

    demo.load_demo(PASSWORD, inventory=True)


def every_panel_has_data(page):
    for chart in CHARTS:
        canvas = page.locator(f'canvas[data-chart="{chart}"]').first
        expect(canvas).not_to_have_attribute('data-rendered', '0')
        assert int(canvas.get_attribute('data-rendered') or 0) > 0, chart
    counts = [int(x) for x in page.locator('[data-phase-count]').all_inner_texts()]
    assert counts[0] > 0 and all(n > 0 for n in counts), counts
    assert page.locator('[data-planned="onprem"]').first.inner_text() not in ('', '—')
    assert int(page.locator('[data-realised="items"]').first.inner_text()) > 0
    assert page.locator('[data-panel="risks"] [data-heat]').count() > 0
    assert page.locator('[data-panel="milestones"] [data-late]').count() > 0
    assert page.locator('[data-panel="campaigns"] [data-campaign]').count() > 0
    assert page.locator('[data-panel="difficulties"] [data-blocked]').count() > 0
    assert page.locator('[data-panel="difficulties"] [data-reported]').count() > 0   # from the units' reports


def test_the_province_dashboard_in_vietnamese_and_english(demo_province, page):
    sign_in(page, 'lanhdao')                                     # a leader's home page is the dashboard
    expect(page.locator('[data-home-dashboard]')).to_be_visible()
    page.goto(page.base + '/reporting/dashboard/')
    expect(page.locator('html')).to_have_attribute('lang', 'vi')
    expect(page.locator('[data-panel="states"] .card-header')).to_have_text('Hồ sơ chuyển đổi theo trạng thái')
    every_panel_has_data(page)

    page.select_option('select[name=language]', 'en')
    expect(page.locator('html')).to_have_attribute('lang', 'en')
    expect(page.locator('[data-panel="states"] .card-header')).to_have_text('Migrations by state')
    every_panel_has_data(page)

    # drill down: a click on the states chart opens the migrations in that state
    canvas = page.locator('canvas[data-chart="states"]')
    box = canvas.bounding_box()
    # where Chart.js drew the first bar (planned), a little above its base
    bar = canvas.evaluate('c => { const b = Chart.getChart(c).getDatasetMeta(0).data[0]; '
                          'return {x: b.x, y: (b.y + b.base) / 2}; }')
    page.mouse.click(box['x'] + bar['x'], box['y'] + bar['y'])
    page.wait_for_url('**/execution/migrations/?state=*')
