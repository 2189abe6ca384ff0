"""The hostile-input corpus (``tests/data/hostile_corpus.yml``) and the checks that a built
page and a sent mail hold nothing of it that acts: used by the hostile front-matter tests and
the intake's hostile-field tests.

A page is checked as a browser reads it: parsed with BeautifulSoup's "html.parser" (every
page) and, for a sample, loaded in Chromium, where URLs are read back after the browser's own
normalisation (entities decoded, tabs and line breaks dropped, scheme in any case).
"""

from __future__ import annotations

import json
import re
from email.message import EmailMessage
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

CORPUS_FILE = Path(__file__).resolve().parent / "data" / "hostile_corpus.yml"
CORPUS = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))
XSS: dict[str, str] = CORPUS["xss"]
HEADERS: dict[str, str] = CORPUS["headers"]

# Every element the theme, the plugins and the Markdown of summaries and comments write;
# anything else on a page (svg, math, iframe, object, embed, base or style in the body, an
# unknown tag such as <xss>) came from the input.
SITE_TAGS = {
    "html", "head", "title", "meta", "link", "script", "noscript", "body", "header", "nav", "main",
    "footer", "article", "aside", "section", "address", "div", "span", "p", "a", "img", "picture",
    "source", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
    "dt", "dd", "blockquote", "q", "em", "strong", "b", "i", "code", "pre", "br", "hr", "time",
    "details", "summary", "form", "label", "input", "textarea", "select", "option", "button",
    "fieldset", "legend", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub", "del",
    "small", "mark", "template", "style",
}  # fmt: skip
HEAD_ONLY = {"title", "meta", "link", "base", "style"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data", "background")
DANGEROUS_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGE = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped at both ends


def normalised_url(value: str) -> str:
    """A URL attribute as the browser's URL parser sees it: C0 controls and spaces stripped at
    both ends, tabs and line breaks removed anywhere (the HTML parser already decoded entities)."""
    return _URL_NOISE.sub("", value.strip(_URL_EDGE))


def theme_script(script, site_url: str = "") -> bool:
    """A script element the site writes: its own file (root-relative or below *site_url*), or
    JSON-LD that parses and cannot end the element."""
    if script.get("src"):
        src = script["src"].removeprefix(site_url) if site_url else script["src"]
        return src.startswith("/") and not src.startswith("//")
    if script.get("type") == "application/ld+json":
        text = script.string or ""
        json.loads(text)
        return "<" not in text
    return False


def page_problems(html: str, where: str = "", site_url: str = "") -> list[str]:
    """What a browser would run or follow of hostile input on the page *html*: a script the
    site did not write, an ``on*`` attribute, a ``javascript:``/``data:``/``vbscript:`` URL in
    any URL attribute, an element no template writes, head-only elements in the body."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for element in soup.find_all(True):
        name = element.name.lower()
        label = f"{where}: <{name} {dict(element.attrs)}>"[:300]
        if name not in SITE_TAGS:
            problems.append(f"element not written by the site: {label}")
        if name == "script" and not theme_script(element, site_url):
            problems.append(f"script not written by the site: {label}")
        if name in HEAD_ONLY and element.find_parent("body") is not None:
            problems.append(f"head element in the body: {label}")
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                problems.append(f"event handler {attribute}: {label}")
            if attribute.lower() in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(normalised_url(value)):
                problems.append(f"dangerous URL in {attribute}: {label}")
            if attribute.lower() == "style":
                problems.append(f"style attribute: {label}")
        if name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append(f"refresh: {label}")
    return problems


# Run in Chromium on a loaded page: what the live DOM holds, with URLs as the browser resolved them.
BROWSER_CHECK = """() => {
  const problems = [];
  const site = location.origin;
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) problems.push(`event handler ${attr.name} on <${tag}>`);
    }
    for (const name of ['href', 'src', 'action', 'formAction', 'data', 'poster']) {
      let value = el[name];
      if (value && typeof value === 'object' && 'baseVal' in value) value = value.baseVal;
      if (typeof value === 'string' && el.hasAttribute(name === 'formAction' ? 'formaction' : name)) {
        let scheme = '';
        try { scheme = new URL(value, location.href).protocol; } catch (e) { scheme = ''; }
        if (['javascript:', 'data:', 'vbscript:'].includes(scheme)) problems.push(`${scheme} in ${name} of <${tag}>`);
      }
    }
    const xlink = el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (xlink && /^\\s*(javascript|data|vbscript):/i.test(xlink.replace(/[\\t\\n\\r]/g, ''))) problems.push(`xlink:href on <${tag}>`);
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`foreign element <${tag}>`);
  }
  for (const script of document.scripts) {
    if (script.src && !script.src.startsWith(site + '/')) problems.push(`script from ${script.src}`);
    if (!script.src && script.type !== 'application/ld+json') problems.push('inline script');
  }
  if (document.querySelector('body base, body meta[http-equiv], iframe, object, embed, frame')) problems.push('injected embedding element');
  return problems;
}"""


def header_problems(
    message: EmailMessage, recipient: str, expected: set[str], reply_to: str | None = None
) -> list[str]:
    """What is wrong with the header block of a received *message*: a header other than
    *expected* (lower-case names; a Bcc, Cc or a second of anything), another To than
    *recipient*, or a Reply-To that is not exactly one mailbox *reply_to*."""
    problems = []
    names = [name.lower() for name in message]  # every header, repeats included
    if sorted(names) != sorted(expected):
        problems.append(f"headers {sorted(names)}, expected {sorted(expected)}")
    if str(message["To"]) != recipient:
        problems.append(f"To is {message['To']!r}, not {recipient!r}")
    if reply_to is not None:
        addresses = message["Reply-To"].addresses if message["Reply-To"] else ()
        if [a.addr_spec for a in addresses] != [reply_to]:
            problems.append(f"Reply-To holds {[a.addr_spec for a in addresses]}, not [{reply_to!r}]")
    for name in ("subject", "reply-to"):
        if message[name] is not None and any(c in str(message[name]) for c in "\r\n"):
            problems.append(f"{name} holds a line break: {str(message[name])!r}")
    return problems
