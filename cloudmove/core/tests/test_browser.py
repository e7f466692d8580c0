"""Main journeys in a real Chromium (Playwright driving Debian's /usr/bin/chromium)."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from cloudmove.core.services import demo
from cloudmove.core.tests.browser import CHROMIUM_ARGS, PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_admin_signs_in_in_vietnamese_and_sees_the_demo_units(page):
    page.goto(page.base + '/')
    expect(page.locator('html')).to_have_attribute('lang', 'vi')
    expect(page.locator('h1')).to_have_text('Đăng nhập')
    expect(page.locator('.demo-banner')).to_contain_text('Dữ liệu minh họa')
    sign_in(page, 'admin')
    expect(page.locator('h1')).to_contain_text('Xin chào')
    table = page.locator('[data-home-units]')
    expect(table).to_contain_text('Sở Khoa học và Công nghệ')
    expect(table).to_contain_text('Xã Thọ Xuân')
    expect(page.locator('[data-unit-count]')).to_have_text(re.compile(r'^\d{2,}$'))


def test_navigation_filter_detail_and_language_switch(page):
    sign_in(page, 'admin')
    page.click('nav [data-section=admin]')
    page.click('nav .dropdown-menu >> text=Đơn vị')
    expect(page.locator('h1')).to_contain_text('Đơn vị')
    page.fill('input[name=q]', 'Y tế')
    page.click('button:has-text("Lọc")')
    rows = page.locator('[data-object-list] tbody tr')
    expect(rows).to_have_count(1)
    page.click('[data-object-list] tbody tr a >> nth=0')
    expect(page.locator('h1')).to_contain_text('SYT')
    expect(page.locator('[data-detail]')).to_contain_text('Sở Y tế')
    page.select_option('select[name=language]', 'en')
    expect(page.locator('html')).to_have_attribute('lang', 'en')
    expect(page.locator('[data-detail]')).to_contain_text('Department of Health')
    expect(page.get_by_role('link', name='Edit')).to_be_visible()


def test_unit_officer_sees_only_own_unit(page):
    sign_in(page, 'cb.syt')
    page.goto(page.base + '/admin/units/')
    body = page.locator('[data-object-list] tbody')
    expect(body).to_contain_text('SYT')
    expect(body).to_contain_text('BVDK')
    expect(body).not_to_contain_text('SKHCN')
    assert page.goto(page.base + '/admin/units/1/').status == 404


def test_admin_edits_a_unit_and_the_change_is_in_its_history(page):
    sign_in(page, 'admin')
    page.goto(page.base + '/admin/units/')
    page.fill('input[name=q]', 'X-THOXUAN')
    page.click('button:has-text("Lọc")')
    page.click('[data-object-list] tbody tr a >> nth=0')
    page.click('text=Sửa')
    page.fill('input[name=name_en]', 'Tho Xuan Commune (edited)')
    page.click('button:has-text("Lưu")')
    expect(page.locator('.alert-success')).to_contain_text('Đã lưu')
    expect(page.locator('[data-history]')).to_contain_text('Tho Xuan Commune (edited)')


@pytest.fixture
def province_inventory(transactional_db, settings):
    settings.CLOUDMOVE_REQUIRE_2FA = False
    demo.load_demo(PASSWORD)


def test_unit_officer_surveys_own_inventory(live_server, province_inventory, monkeypatch):
    from cloudmove.inventory.models import VirtualMachine

    monkeypatch.setenv('DJANGO_ALLOW_ASYNC_UNSAFE', 'true')
    own = VirtualMachine.objects.filter(unit__path__startswith='/UBND/SYT/').count()  # the unit and its sub-units
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path='/usr/bin/chromium', headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        sign_in(page, 'cb.syt')
        page.click('nav [data-section=survey]')
        page.click('nav .dropdown-menu >> text=Máy ảo')
        expect(page.locator('h1')).to_contain_text('Máy ảo')
        expect(page.locator('[data-total]')).to_have_text(str(own))
        page.click('nav [data-section=survey]')
        page.click('nav .dropdown-menu >> text=Phiếu khảo sát')
        expect(page.locator('[data-download]')).to_be_visible()
        with page.expect_download() as download:
            page.click('[data-download]')
        assert download.value.suggested_filename.startswith('khao-sat-SYT')
        page.click('nav [data-section=survey]')
        page.click('nav .dropdown-menu >> text=Chất lượng dữ liệu')
        expect(page.locator('h1')).to_contain_text('Chất lượng dữ liệu')
        expect(page.locator('main')).not_to_contain_text('SKHCN')
        browser.close()
