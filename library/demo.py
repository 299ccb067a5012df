"""Demo library of Betonketenoverleg Groningen: eight documents at the three access
levels, from before the platform and since, as small real PDFs (and one photo) so the
text extraction and the search have something to read."""

import struct
import zlib
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from actionpackages.models import Package
from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User
from library import services
from library.models import Access, LibraryDocument
from meetings.models import Meeting
from projects.models import Project

K = LibraryDocument.Kind

# (title, kind, date, access, tags, description, text of the PDF (None: a photo), links)
DOCUMENTS = [
    (
        "Nulmeting granulaat in de Groningse betonketen",
        K.REPORT,
        date(2009, 11, 2),
        Access.PUBLIC,
        ["granulaat", "nulmeting"],
        "Het onderzoek waarmee het ketenoverleg begon: waar het betonpuin in 2009 bleef.",
        [
            "Nulmeting granulaat in de Groningse betonketen",
            "In 2009 kwam ruim negentig procent van het betonpuin uit sloop in wegfunderingen "
            "terecht. Minder dan vijf procent ging als granulaat terug in nieuw beton.",
            "Aanbeveling: vraag bij elke bestelling naar het gewenste percentage granulaat.",
        ],
        {"package": True},
    ),
    (
        "Presentatie startbijeenkomst meer granulaatbeton",
        K.PRESENTATION,
        date(2024, 3, 14),
        Access.PUBLIC,
        ["granulaat", "startbijeenkomst"],
        "De dia's van de startbijeenkomst in het stadhuis.",
        [
            "Meer granulaatbeton: samen een kleine stap",
            "Mortelleveranciers vragen naar het percentage, architecten schrijven het voor, "
            "aannemers bestellen iets meer en de gemeente geeft het goede voorbeeld.",
        ],
        {"package": True, "meeting": True},
    ),
    (
        "Agenda kernteam 14 maart 2011",
        K.AGENDA,
        date(2011, 3, 14),
        Access.PUBLIC,
        ["kernteam", "archief"],
        "Agenda van een kernteamvergadering van vóór het platform.",
        [
            "Agenda kernteam Betonketenoverleg Groningen, 14 maart 2011",
            "1. Opening. 2. Verslag vorige vergadering. 3. Puinbrekers en certificering. "
            "4. Vacature in de geleding overheid. 5. Rondvraag en sluiting.",
        ],
        {},
    ),
    (
        "Proefstort granulaatbeton Europapark",
        K.PHOTO,
        date(2012, 6, 8),
        Access.PUBLIC,
        ["granulaat", "foto"],
        "Foto van de eerste proefstort met dertig procent granulaat.",
        None,
        {},
    ),
    (
        "Verslag kernteam 14 maart 2011",
        K.MINUTES,
        date(2011, 3, 14),
        Access.MEMBERS,
        ["kernteam", "archief"],
        "Verslag bij de agenda van 14 maart 2011.",
        [
            "Verslag kernteam 14 maart 2011",
            "De puinbrekers laten hun granulaat certificeren. De gemeente zoekt een "
            "vertegenwoordiger voor de geleding overheid; tot dan is de zetel vacant.",
        ],
        {},
    ),
    (
        "Marktverkenning puinbrekers 2012",
        K.REPORT,
        date(2012, 9, 20),
        Access.MEMBERS,
        ["puinbrekers", "granulaat"],
        "Hoeveel gecertificeerd granulaat de brekers in de regio kunnen leveren.",
        [
            "Marktverkenning puinbrekers 2012",
            "Drie brekers in de regio kunnen samen jaarlijks ruim veertigduizend ton "
            "gecertificeerd betongranulaat leveren, mits het puin schoon wordt aangeleverd.",
        ],
        {"project": True},
    ),
    (
        "Offertevergelijking meetprogramma",
        K.REPORT,
        date(2024, 1, 22),
        Access.KERNTEAM,
        ["effectmeting", "offertes"],
        "Vergelijking van drie offertes voor het meten van het aandeel granulaat.",
        [
            "Offertevergelijking meetprogramma",
            "Drie kennisinstellingen boden aan het aandeel granulaat per kwartaal te meten. "
            "Het kernteam kiest op prijs en onafhankelijkheid.",
        ],
        {"project": True},
    ),
    (
        "Notitie kandidaten voorzitterschap",
        K.MINUTES,
        date(2012, 2, 6),
        Access.KERNTEAM,
        ["kernteam", "bestuur"],
        "Vertrouwelijke notitie van het agendaoverleg over kandidaten.",
        [
            "Notitie kandidaten voorzitterschap",
            "Het agendaoverleg sprak met twee kandidaten voor het voorzitterschap. Beide "
            "hebben draagvlak in de keten; het kernteam draagt er een voor aan de ALV.",
        ],
        {},
    ),
]


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252", "replace") + b")"


def _wrap(text: str, width: int = 80) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def simple_pdf(paragraphs: list[str]) -> bytes:
    """A one-page A4 PDF with the paragraphs in Helvetica: the first as a heading."""
    ops = [b"BT", b"/F1 16 Tf", b"56 780 Td", b"18 TL", _pdf_string(paragraphs[0]) + b" Tj"]
    ops.append(b"/F1 11 Tf")
    ops.append(b"14 TL")
    for paragraph in paragraphs[1:]:
        ops.append(b"T*")
        for line in _wrap(paragraph):
            ops.append(b"T* " + _pdf_string(line) + b" Tj")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def simple_png(width: int = 160, height: int = 100) -> bytes:
    """A small PNG: a grey concrete slab under a blue sky."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            if y < height * 0.55:
                rows += bytes((110 + y, 160 + y // 2, 220))
            else:
                shade = 140 + (x * 7 + y * 13) % 30
                rows += bytes((shade, shade, shade - 5))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if LibraryDocument.objects.filter(council=council).exists():
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    package = Package.objects.filter(council=council, title="Meer granulaatbeton").first()
    project = Project.objects.filter(council=council, title="Meer granulaatbeton").first()
    launch = Meeting.objects.filter(council=council, kind=Meeting.Kind.STARTBIJEENKOMST).first()
    for title, kind, day, access, tags, description, text, links in DOCUMENTS:
        if text is None:
            upload = SimpleUploadedFile("proefstort.png", simple_png(), content_type="image/png")
        else:
            name = f"{title.lower().replace(' ', '-')[:60]}.pdf"
            upload = SimpleUploadedFile(name, simple_pdf(text), content_type="application/pdf")
        services.document_add(
            council=council,
            by=secretary,
            upload=upload,
            title=title,
            kind=kind,
            document_date=day,
            access=access,
            description=description,
            tags=tags,
            packages=[package] if package and links.get("package") else [],
            projects=[project] if project and links.get("project") else [],
            meetings=[launch] if launch and links.get("meeting") else [],
        )
