"""The contact page on a tiny site: the form posts to CONTACT_ENDPOINT in both languages, the
phone is a tel: link, the map only a plain link (nothing on the page loads from elsewhere), the
two languages link each other, and a wrong setting fails the build and `make check` alike."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from authoring.check import check_site
from contact_page.contact_details import contact_settings, map_link, tel_uri
from sitebuild.build import load_settings
from sitetest import REPO

ENDPOINT = "https://intake.example/contact"
PAGES = {
    "de/pages/kontakt.md": """
        Title: Kontakt
        Slug: kontakt
        Translation_Key: contact
        Template: contact

        Wir freuen uns auf Ihre Nachricht.
        """,
    "en/pages/contact.md": """
        Title: Contact
        Slug: contact
        Translation_Key: contact
        Template: contact

        We look forward to hearing from you.
        """,
    "de/pages/datenschutz.md": "Title: Datenschutz\nSlug: datenschutz\nTranslation_Key: privacy\n\nText.\n",
    "en/pages/privacy.md": "Title: Privacy\nSlug: privacy\nTranslation_Key: privacy\n\nText.\n",
}
URLS = {"de": "/kontakt/", "en": "/en/contact/"}
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "srcset", "embed": "src", "object": "data"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from sitetest import build_into, write_content

    root = tmp_path_factory.mktemp("contact")
    content = write_content(root, PAGES)
    # the one address of the intake gives the form's endpoint (INTAKE_PUBLIC_URL=… make publish)
    return build_into(root / "output", PATH=str(content), INTAKE_PUBLIC_URL="https://intake.example/")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_form_posts_to_the_contact_endpoint_with_every_field(site, lang):
    assert site.report.ok, site.report.errors
    form = site.soup(URLS[lang]).select_one(".contact-form form")
    assert form["method"] == "post" and form["action"] == ENDPOINT
    assert form["data-token-url"] == ENDPOINT + "/token"
    hidden = {i["name"]: i["value"] for i in form.find_all("input", type="hidden")}
    assert hidden == {"lang": lang, "token": ""}
    for name in ("name", "email", "subject", "message", "consent"):
        field = form.find(attrs={"name": name})
        assert field.has_attr("required"), name
        assert form.find("label", attrs={"for": field["id"]}), name
    phone = form.find("input", attrs={"name": "phone"})
    assert phone["type"] == "tel" and not phone.has_attr("required")
    assert form.find("input", attrs={"name": "email"})["type"] == "email"
    assert form.find("input", attrs={"name": "consent"})["value"] == "yes"
    trap = form.find("input", attrs={"name": "homepage"})
    assert trap["tabindex"] == "-1" and trap.find_parent("p")["aria-hidden"] == "true"
    privacy = {"de": "/datenschutz/", "en": "/en/privacy/"}[lang]
    assert form.find("label", attrs={"for": "contact-consent"}).a["href"] == privacy
    assert form.find("button", type="submit")
    assert form.find_next_sibling("script")["src"] == "/theme/js/comments.js"  # fills the token


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("de", ("So erreichen Sie uns", "Nachricht senden")), ("en", ("How to reach us", "Send message"))],
)
def test_phone_address_mail_and_a_plain_map_link(site, lang, labels):
    soup = site.soup(URLS[lang])
    assert soup.find("a", class_="contact__phone")["href"] == "tel:+4940000000-0"
    assert soup.find("a", class_="contact__phone").get_text() == "+49 40 000000-0"
    assert soup.find("a", class_="contact__email")["href"] == "mailto:kontakt@albrecht-kommunikation.example"
    address = soup.find("address").get_text(" ", strip=True)
    assert "Fleetenkieker Weg 12" in address and "20459 Hamburg" in address
    assert ("Deutschland" if lang == "de" else "Germany") in address
    map_link = soup.find("a", class_="contact__map")
    assert urlsplit(map_link["href"]).netloc == "www.openstreetmap.org"
    assert "Fleetenkieker%20Weg%2012" in map_link["href"]
    text = soup.get_text(" ")
    assert all(label in text for label in labels)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_nothing_on_the_page_loads_from_another_site(site, lang):
    soup = site.soup(URLS[lang])
    assert soup.find("iframe") is None
    loads = [tag.get(attribute) for tag, attribute in ((t, LOADING[t.name]) for t in soup.find_all(list(LOADING)))]
    loads += [link["href"] for link in soup.find_all("link", rel=lambda r: r and ("stylesheet" in r or "icon" in r))]
    loads += [tag["style"] for tag in soup.find_all(style=True)]
    assert loads and all(value.startswith("/") and not value.startswith("//") for value in loads if value), loads
    assert "url(" not in " ".join(str(s) for s in soup.find_all("style"))


def test_the_languages_link_each_other_and_the_menu_and_home_lead_here(site):
    german, english = site.soup("/kontakt/"), site.soup("/en/contact/")
    assert german.find("link", rel="alternate", hreflang="en")["href"] == "/en/contact/"
    assert english.find("link", rel="alternate", hreflang="de")["href"] == "/kontakt/"
    assert german.html["lang"] == "de" and english.html["lang"] == "en"
    assert german.find("a", hreflang="en")["href"] == "/en/contact/"
    assert english.find("a", hreflang="de")["href"] == "/kontakt/"
    assert german.select_one(".site-header").find("a", href="/kontakt/")
    assert english.select_one(".site-header").find("a", href="/en/contact/")
    assert site.soup("/").find("a", class_="button", href="/kontakt/")
    assert site.soup("/en/").find("a", class_="button", href="/en/contact/")


def test_without_an_endpoint_the_page_offers_the_address_to_write_to(build_site):
    site = build_site(PAGES)
    assert site.report.ok, site.report.errors
    soup = site.soup("/kontakt/")
    assert soup.select_one(".contact-form form") is None
    assert soup.select_one(".contact-form__mailto a")["href"] == "mailto:kontakt@albrecht-kommunikation.example"
    assert soup.find("a", class_="contact__phone")["href"] == "tel:+4940000000-0"


def test_a_wrong_endpoint_fails_the_build_and_make_check_with_one_message(build_site, tmp_path, capsys):
    site = build_site(PAGES, CONTACT_ENDPOINT="javascript:alert(1)")
    assert not site.report.ok
    built = [e for e in site.report.errors if "CONTACT_ENDPOINT" in e]
    assert built == [
        "pelicanconf.py: CONTACT_ENDPOINT 'javascript:alert(1)' is not an address the contact form can post to "
        "(the full URL of the intake's POST /contact, e.g. https://kontakt.example.com/contact)"
    ]
    assert contact_settings({"CONTACT_ENDPOINT": "javascript:alert(1)"}).endpoint == ""  # never a form posting to it
    settings = load_settings(
        str(REPO / "pelicanconf.py"), {"PATH": str(tmp_path / "content"), "CONTACT_ENDPOINT": "javascript:alert(1)"}
    )
    checked = [str(f.problem) for f in check_site(settings).findings if "CONTACT_ENDPOINT" in str(f.problem)]
    assert checked == built
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+49 40 000000-0", "tel:+4940000000-0"),
        ("+49 (0)40 / 123.45", "tel:+49040123.45".replace(".", "")),
        ("040 123 45", "tel:04012345"),
        ("", ""),
        ("+ -", ""),
    ],
)
def test_tel_uri(phone, href):
    assert tel_uri(phone) == href


def test_map_link_and_a_phone_that_is_no_number():
    assert map_link("Fleetenkieker Weg 12", "20459", "Hamburg") == (
        "https://www.openstreetmap.org/search?query=Fleetenkieker%20Weg%2012%2C%2020459%20Hamburg"
    )
    assert map_link("", "", "") == ""
    config = contact_settings({"ORGANIZATION": {"telephone": "call us"}, "SITENAME": "X"})
    assert config.phone == "" and config.tel_href == ""
    assert [p.message for p in config.problems] == ["ORGANIZATION telephone 'call us' is not a phone number"]


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ({"telephone": "+49 40 1234-5"}, "+49 40 1234-5"),
        ({}, None),
    ],
)
def test_the_organisations_telephone_is_in_its_json_ld_when_set(build_site, organisation, expected):
    import json

    site = build_site({"de/pages/datenschutz.md": PAGES["de/pages/datenschutz.md"]}, ORGANIZATION=organisation)
    scripts = site.soup("/").find_all("script", type="application/ld+json")
    [data] = [d for d in (json.loads(s.string) for s in scripts) if d["@type"] == "Organization"]
    assert data.get("telephone") == expected
