"""Word files for the import tests, written with python-docx (a test-only dependency)."""

from __future__ import annotations

import io
import struct
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches


def png(rgb: tuple[int, int, int]) -> bytes:
    """A valid 1x1 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + bytes(rgb)))
        + chunk(b"IEND", b"")
    )


def add_link(paragraph, url: str, text: str) -> None:
    """A hyperlink run (python-docx has no API for it)."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run, text_element = OxmlElement("w:r"), OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def article_docx(image: bytes | None = None) -> bytes:
    """A guest article as the consultancy receives it: title, text with emphasis and a link,
    a heading, a bold line as subheading, lists, a quote and an image."""
    document = docx.Document()
    document.add_paragraph("Gute Fragen im Vertrieb", style="Title")
    intro = document.add_paragraph("Wer fragt, führt. Das ist ")
    intro.add_run("keine Floskel").bold = True
    intro.add_run(", sondern ")
    intro.add_run("Handwerk").italic = True
    intro.add_run(". Mehr dazu bei ")
    add_link(intro, "https://www.example.org/fragen", "unserem Partner")
    intro.add_run(".")
    document.add_heading("Zuhören als Methode", level=1)
    document.add_paragraph("Drei Fragen für den Anfang:")
    for item in ("Was hat Sie zu uns geführt?", "Was haben Sie schon versucht?"):
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("Die Reihenfolge:")
    document.add_paragraph("Erst fragen, dann zeigen.", style="List Number")
    document.add_paragraph("Der Kunde kauft Verständnis, nicht Produkte.", style="Quote")
    document.add_paragraph().add_run("Ein Beispiel aus der Praxis").bold = True
    document.add_paragraph("Eine Vertriebsleiterin <b>erzählt</b> von ihrem Team & seinen Fragen.")
    if image is not None:
        document.add_picture(io.BytesIO(image), width=Inches(1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def teaser_docx(teaser: str) -> bytes:
    """A Word file whose first paragraph is a long teaser, not a title; then a quote with its source."""
    document = docx.Document()
    document.add_paragraph(teaser)
    document.add_paragraph("Zuhören ist eine Gewohnheit, keine Technik.")
    document.add_paragraph("Wer fragt, führt.", style="Quote")
    document.add_paragraph("— Maren Albrecht")
    document.add_paragraph("Teilen auf Facebook")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
