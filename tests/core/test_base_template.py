import re
from urllib.parse import urljoin

import pytest
from django.test import Client

from tests.pages import parse

CSS_URL = re.compile(r"url\((/assets/[^)]+)\)")
IMPORT = re.compile(r"""^import .* from "(?P<path>[^"]+)";$""", re.MULTILINE)


def test_every_page_sends_a_content_security_policy_that_forbids_inline_script(client: Client):
    policy = client.get("/panels/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_the_page_has_no_inline_script_style_or_event_handler(client: Client):
    page = parse(client.get("/panels/").content)

    assert page.scripts, "the page should load GOV.UK Frontend's JavaScript"
    assert [script.attrs.get("src") for script in page.scripts if not script.attrs.get("src")] == []
    assert [script.text for script in page.scripts if script.text.strip()] == []
    assert page.inline_styles == []
    assert page.event_handlers == []


def test_the_page_starts_with_a_skip_link_to_the_main_content(client: Client):
    html = client.get("/panels/").text

    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html


def test_every_stylesheet_and_script_the_page_loads_is_served(client: Client):
    page = parse(client.get("/panels/").content)
    urls = page.stylesheets + [str(script.attrs["src"]) for script in page.scripts]

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)


def test_the_modules_that_init_js_imports_are_served(client: Client):
    # A wrong relative path in init.js fails only in a browser, and silently: check it here.
    init = "/assets/js/init.js"
    response = client.get(init)
    source = response.getvalue().decode()
    imports = [urljoin(init, match["path"]) for match in IMPORT.finditer(source)]

    assert imports == [
        "/assets/govuk-frontend/govuk/govuk-frontend.min.js",
        "/assets/moj-frontend/moj/moj-frontend.min.js",
    ]
    assert [client.get(url).status_code for url in imports] == [200, 200]


@pytest.mark.parametrize(
    "stylesheet",
    [
        "/assets/govuk-frontend/govuk/govuk-frontend.min.css",
        "/assets/moj-frontend/moj/moj-frontend.min.css",
    ],
)
def test_every_font_and_image_the_compiled_css_asks_for_is_served(client: Client, stylesheet: str):
    css = client.get(stylesheet).getvalue().decode()
    urls = sorted(set(CSS_URL.findall(css)))

    assert urls, f"{stylesheet} should ask for fonts or images under /assets/"
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)


def test_an_unknown_address_gives_the_page_not_found_page(client: Client):
    response = client.get("/no-such-page")
    page = parse(response.content)

    assert response.status_code == 404
    assert page.title == "Page not found – Carepanel"
    assert page.h("h1") == ["Page not found"]
