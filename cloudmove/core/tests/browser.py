"""Fixtures of the browser tests: the demo province on a live server and a Chromium page driven by
Playwright (Debian's /usr/bin/chromium). A pytest plugin (see addopts in pyproject.toml), so every test
module may use them; Django is imported inside the fixtures because plugins load before it is set up."""

import pytest

PASSWORD = 'Browser-Demo-2026!'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']


@pytest.fixture(scope='session', autouse=True)
def serialised_live_server():
    """The live server answers one request at a time. With SQLite in memory its threads share the test's one
    connection, and two overlapping requests (a page's background fetch beside a second user's visit) would
    commit each other's transactions."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerialisedServer(ThreadedWSGIServer):
        lock = threading.Lock()

        def set_app(self, application):
            def serialised(environ, start_response):
                with self.lock:
                    return application(environ, start_response)
            super().set_app(serialised)

    LiveServerThread.server_class = SerialisedServer


@pytest.fixture
def province(transactional_db, settings):
    from cloudmove.core.services import demo

    settings.CLOUDMOVE_REQUIRE_2FA = False
    demo.load_demo(PASSWORD, inventory=False)  # the journeys here need the units and accounts


@pytest.fixture
def page(live_server, province, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv('DJANGO_ALLOW_ASYNC_UNSAFE', 'true')  # the ORM is used beside Playwright's event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path='/usr/bin/chromium', headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale='en-US')  # an English browser still gets Vietnamese
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        yield page
        browser.close()


def sign_in(page, username):
    page.goto(page.base + '/')
    page.fill('input[name=username]', username)
    page.fill('input[name=password]', PASSWORD)
    page.click('button[type=submit]')


def second_user(page, username, locale='vi-VN'):
    """A second browser session beside `page`, signed in as `username` (a unit's user, say)."""
    other = page.context.browser.new_context(locale=locale).new_page()
    other.set_default_timeout(15000)
    other.base = page.base
    sign_in(other, username)
    return other
