#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the MDS2 workbook fixtures of tests/data/mds2 with the standard library only.

    python3 tests/data/mds2/make_xlsx.py        # from anywhere; rewrites the files beside it

The forms are our own invention (fictional manufacturers, our own question wording), laid out the
way the 2019 form is: a header row "Question ID | Question | <answer> | See note | <standards>",
section headings between the questions, DOC-1..DOC-7 holding the header facts. Output is
deterministic (fixed timestamps, fixed order), so a re-run changes nothing unless this script does.

Written:
  acme-monitor.xlsx             shared and inline strings, rich text, a cover sheet, a hidden list
                                sheet, a serial-number release date, cell-level quirks
  prefixed.xlsx                 "x:"-prefixed SpreadsheetML, absolute relationship targets, no
                                shared strings, the 1904 date system
  malformed/truncated.xlsx      acme-monitor.xlsx cut in half
  malformed/not-a-zip.xlsx      text
  malformed/no-workbook.xlsx    a zip archive without xl/workbook.xml
  malformed/bad-xml.xlsx        a worksheet that is not well-formed XML
  malformed/corrupt-entry.xlsx  a worksheet whose deflate data is damaged
  malformed/no-form.xlsx        a workbook whose sheets hold no MDS2 form
  bomb/declared.xlsx            a worksheet that decompresses to 65 MiB, and says so
  bomb/understated.xlsx         the same, with its sizes in the zip headers rewritten to 4 KiB
"""

import os
import struct
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (2023, 3, 14, 9, 30, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def write_zip(path, entries):
    """entries: (name, bytes or str) in order, deflated, with a fixed timestamp."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class SharedStrings:
    def __init__(self):
        self.items = []  # XML of each <si>
        self.index = {}

    def add(self, text):
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append("<t xml:space=\"preserve\">%s</t>" % escape(text))
        return self.index[text]

    def add_rich(self, runs):
        """A rich-text string: runs of (bold, text), plus a phonetic run that is not text."""
        xml = "".join(
            "<r>%s<t xml:space=\"preserve\">%s</t></r>" % ("<rPr><b/></rPr>" if bold else "",
                                                          escape(text))
            for bold, text in runs)
        xml += "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh>"
        self.items.append(xml)
        return len(self.items) - 1

    def xml(self):
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                "<sst xmlns=\"%s\" count=\"%d\" uniqueCount=\"%d\">%s</sst>" %
                (MAIN_NS, len(self.items), len(self.items),
                 "".join("<si>%s</si>" % item for item in self.items)))


def cell_xml(reference, value, shared):
    """value: str (shared string), ("inline", str), ("number", str), ("bool", 0/1),
    ("formula-text", formula, cached), ("shared-index", n), ("raw", xml)."""
    ref = "" if reference is None else " r=\"%s\"" % reference
    if isinstance(value, str):
        return "<c%s t=\"s\"><v>%d</v></c>" % (ref, shared.add(value))
    kind = value[0]
    if kind == "inline":
        return "<c%s t=\"inlineStr\"><is><t>%s</t></is></c>" % (ref, escape(value[1]))
    if kind == "number":
        return "<c%s><v>%s</v></c>" % (ref, value[1])
    if kind == "bool":
        return "<c%s t=\"b\"><v>%d</v></c>" % (ref, value[1])
    if kind == "formula-text":
        return "<c%s t=\"str\"><f>%s</f><v>%s</v></c>" % (ref, escape(value[1]), escape(value[2]))
    if kind == "shared-index":
        return "<c%s t=\"s\"><v>%s</v></c>" % (ref, value[1])
    if kind == "raw":
        return value[1]
    raise ValueError(kind)


def sheet_xml(rows, shared, prefix=""):
    """rows: (row number, [(column index or None for no r attribute, value), ...])."""
    p = prefix + ":" if prefix else ""
    xmlns = "xmlns:%s=\"%s\"" % (prefix, MAIN_NS) if prefix else "xmlns=\"%s\"" % MAIN_NS
    body = []
    for number, cells in rows:
        parts = []
        for column, value in cells:
            reference = None if column is None else "%s%d" % (column_letters(column), number)
            xml = cell_xml(reference, value, shared)
            parts.append(xml.replace("<c", "<" + p + "c", 1).replace("</c>", "</" + p + "c>")
                         .replace("<v>", "<" + p + "v>").replace("</v>", "</" + p + "v>")
                         .replace("<is>", "<" + p + "is>").replace("</is>", "</" + p + "is>")
                         .replace("<t>", "<" + p + "t>").replace("</t>", "</" + p + "t>")
                         .replace("<f>", "<" + p + "f>").replace("</f>", "</" + p + "f>"))
        body.append("<%srow r=\"%d\">%s</%srow>" % (p, number, "".join(parts), p))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<%sworksheet %s><%ssheetData>%s</%ssheetData></%sworksheet>" %
            (p, xmlns, p, "".join(body), p, p))


def workbook_xml(sheets, date1904=False, prefix=""):
    """sheets: (name, relationship id, hidden)."""
    p = prefix + ":" if prefix else ""
    xmlns = "xmlns:%s=\"%s\"" % (prefix, MAIN_NS) if prefix else "xmlns=\"%s\"" % MAIN_NS
    entries = "".join(
        "<%ssheet name=\"%s\" sheetId=\"%d\"%s r:id=\"%s\"/>" %
        (p, escape(name), i + 1, " state=\"hidden\"" if hidden else "", rid)
        for i, (name, rid, hidden) in enumerate(sheets))
    properties = "<%sworkbookPr date1904=\"1\"/>" % p if date1904 else ""
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<%sworkbook %s xmlns:r=\"%s\">%s<%ssheets>%s</%ssheets></%sworkbook>" %
            (p, xmlns, REL_NS, properties, p, entries, p, p))


def workbook_rels(targets):
    """targets: (id, type, target)."""
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "".join("<Relationship Id=\"%s\" Type=\"%s%s\" Target=\"%s\"/>" %
                      (rid, REL_TYPE, kind, target) for rid, kind, target in targets)
            + "</Relationships>")


def acme_monitor():
    """The main fixture: an MDS2 workbook as a manufacturer might send it."""
    shared = SharedStrings()
    title = shared.add_rich([(True, "Manufacturer Disclosure Statement for Medical Device "
                                    "Security"), (False, " -- MDS2")])
    form = [
        (1, [(0, ("shared-index", title))]),
        (3, [(0, "Question ID"), (1, "Question"), (3, "See note"),
             (4, "IEC TR 80001-2-2:2012"), (5, "NIST SP 800-53 Rev. 4")]),
        (4, [(0, "DOCUMENTATION")]),
        (5, [(0, "DOC-1"), (1, "Manufacturer Name"), (2, "Acme Medical Devices Ltd")]),
        (6, [(0, "DOC-2"), (1, "Device Description"), (2, ("inline", "Bedside patient monitor"))]),
        (7, [(0, "DOC-3"), (1, "Device Model"), (2, "VitalView 7")]),
        (8, [(0, "DOC-4"), (1, "Document ID"), (2, ("number", "880123"))]),
        (9, [(0, "DOC-7"), (1, "Document Release Date"), (2, ("number", "45000"))]),
        (10, [(0, "DOC-8"), (1, "Does the manufacturer run a vulnerability disclosure "
                                "programme?"), (2, "Yes")]),
        (12, [(0, "AUTOMATIC LOGOFF (ALOF)")]),
        (13, [(0, "ALOF-1"), (1, "Does the monitor lock after a period without use?"),
              (2, "Yes"), (4, "Section 5.1, ALOF"), (5, "AC-12")]),
        (14, [(0, "ALOF-2"), (1, "Can the period be changed?"), (2, ("inline", "See note")),
              (3, ("inline", "Between 1 and 60 minutes_x000D_\nset by biomedical engineering"))]),
        (16, [(0, "AUDIT CONTROLS (AUDT)")]),
        (17, [(0, "AUDT-1"), (1, "Does the monitor keep an audit log?"), (2, "Yes")]),
        (18, [(0, "AUDT-1.1"), (1, "Does it record the user?"),
              (2, ("formula-text", "IF(TRUE,\"No\",\"Yes\")", "No"))]),
        (19, [(0, "AUDT-2"), (1, "Is the log protected from change?"), (2, ("bool", 1))]),
        (20, [(0, "AUDT-3"), (1, "Can the owner choose what is logged?"),
              (2, ("shared-index", "9999"))]),
        # Cells without r attributes: the column follows the one before.
        (21, [(None, "AUDT-4"), (None, "Can the log be exported?"), (None, "N/A")]),
        (22, [(0, ("raw", "<c r=\"1A22\" t=\"s\"><v>0</v></c>")), (1, "A row with a bad cell")]),
        (23, [(0, "MLDP-1"), (1, "Can the monitor run software the owner installs?"),
              (2, "No"), (3, "Application allow-listing")]),
        (24, [(0, "RMOT-1"), (1, "Is remote service possible?"), (2, "Yes")]),
        (25, [(0, "RMOT-1"), (1, "Is remote service possible?"), (2, "No")]),
    ]
    cover = [
        (1, [(0, "Cover sheet")]),
        (2, [(0, "Manufacturer Name"), (1, "Acme Medical Devices Limited")]),
        (3, [(0, "Manufacturer Contact Information"),
             (1, ("inline", "psirt@acme.example"))]),
    ]
    lists = [(1, [(0, "Yes")]), (2, [(0, "No")]), (3, [(0, "N/A")]), (4, [(0, "See note")])]
    # Sheets: a cover, the form, a hidden validation list, and a chart sheet (no cells).
    sheets = [("Cover", "rId1", False), ("MDS2 2019", "rId2", False),
              ("Lists", "rId3", True), ("Chart", "rId4", False)]
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml"),
            ("rId2", "worksheet", "worksheets/sheet2.xml"),
            ("rId3", "worksheet", "./worksheets/sheet3.xml"),
            ("rId4", "chartsheet", "chartsheets/sheet1.xml"),
            ("rId9", "sharedStrings", "sharedStrings.xml")]
    sheet1 = sheet_xml(cover, shared)
    sheet2 = sheet_xml(form, shared)
    sheet3 = sheet_xml(lists, shared)
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", workbook_xml(sheets)),
        ("xl/_rels/workbook.xml.rels", workbook_rels(rels)),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet2.xml", sheet2),
        ("xl/worksheets/sheet3.xml", sheet3),
        ("xl/chartsheets/sheet1.xml", "<chartsheet/>"),
        ("xl/sharedStrings.xml", shared.xml()),
    ]


def prefixed():
    """Another writer's style: "x:" prefixes, absolute targets, inline strings only, 1904 dates,
    and no officeDocument relationship (the workbook is found at its usual place)."""
    unused = SharedStrings()
    rows = [
        (1, [(0, ("inline", "Question ID")), (1, ("inline", "Question")),
             (2, ("inline", "Response")), (3, ("inline", "Comments"))]),
        (2, [(0, ("inline", "DOC-1")), (1, ("inline", "Manufacturer Name")),
             (2, ("inline", "Delta Respiratory AB"))]),
        (3, [(0, ("inline", "DOC-3")), (1, ("inline", "Device Model")),
             (2, ("inline", "AirFlow 2"))]),
        (4, [(0, ("inline", "DOC-7")), (1, ("inline", "Document Release Date")),
             (2, ("number", "43000"))]),
        (5, [(0, ("inline", "TXCF-2")), (1, ("inline", "Is data encrypted in transit?")),
             (2, ("inline", "Yes")), (3, ("inline", "TLS 1.2"))]),
    ]
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS.replace("officeDocument\"", "extended-properties\"")),
        ("xl/workbook.xml", workbook_xml([("Form", "rId7", False)], date1904=True, prefix="x")),
        ("xl/_rels/workbook.xml.rels",
         workbook_rels([("rId7", "worksheet", "/xl/worksheets/form.xml")])),
        ("xl/worksheets/form.xml", sheet_xml(rows, unused, prefix="x")),
    ]


def corrupt_deflate(entries, victim):
    """Writes the entries, then damages the compressed bytes of `victim` in place."""
    path = os.path.join(HERE, "malformed", "corrupt-entry.xlsx")
    write_zip(path, entries)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(victim)
    data = bytearray(open(path, "rb").read())
    # The local header is 30 bytes plus the name and extra field; the data follows.
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    for i in range(start + info.compress_size // 3, start + info.compress_size // 3 + 16):
        data[i] ^= 0x5A
    open(path, "wb").write(bytes(data))


def understate_sizes(path, victim, size):
    """Rewrites `victim`'s uncompressed size in its local header and central directory entry."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(victim)
    data = bytearray(open(path, "rb").read())
    struct.pack_into("<I", data, info.header_offset + 22, size)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46:position + 46 + name_length] == victim.encode():
            struct.pack_into("<I", data, position + 24, size)
        position = data.find(b"PK\x01\x02", position + 4)
    open(path, "wb").write(bytes(data))


def main():
    entries = acme_monitor()
    write_zip(os.path.join(HERE, "acme-monitor.xlsx"), entries)
    write_zip(os.path.join(HERE, "prefixed.xlsx"), prefixed())

    whole = open(os.path.join(HERE, "acme-monitor.xlsx"), "rb").read()
    open(os.path.join(HERE, "malformed", "truncated.xlsx"), "wb").write(whole[:len(whole) // 2])
    open(os.path.join(HERE, "malformed", "not-a-zip.xlsx"), "w").write(
        "Question ID,Question,Answer\nALOF-1,Automatic log-off?,Yes\n")
    write_zip(os.path.join(HERE, "malformed", "no-workbook.xlsx"),
              [("readme.txt", "An archive, but not a workbook.\n")])
    write_zip(os.path.join(HERE, "malformed", "bad-xml.xlsx"),
              [(name, data.replace("<sheetData><row r=\"1\">", "<sheetData><row r=\"1\"><c>", 1)
                if name == "xl/worksheets/sheet2.xml" else data) for name, data in entries])
    corrupt_deflate(entries, "xl/worksheets/sheet2.xml")
    plain = SharedStrings()
    write_zip(os.path.join(HERE, "malformed", "no-form.xlsx"), [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", workbook_xml([("Budget", "rId1", False)])),
        ("xl/_rels/workbook.xml.rels",
         workbook_rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                        ("rId2", "sharedStrings", "sharedStrings.xml")])),
        ("xl/worksheets/sheet1.xml",
         sheet_xml([(1, [(0, "Item"), (1, "Cost")]), (2, [(0, "Pumps"), (1, ("number", "1200"))])],
                   plain)),
        ("xl/sharedStrings.xml", plain.xml()),
    ])

    # 65 MiB of spaces inside <sheetData>: about 65 KiB deflated.
    bomb = [(name, data) for name, data in entries if name != "xl/worksheets/sheet2.xml"]
    padding = " " * (65 << 20)
    bomb.append(("xl/worksheets/sheet2.xml",
                 sheet_xml([], SharedStrings()).replace("<sheetData>", "<sheetData>" + padding)))
    declared = os.path.join(HERE, "bomb", "declared.xlsx")
    understated = os.path.join(HERE, "bomb", "understated.xlsx")
    write_zip(declared, bomb)
    write_zip(understated, bomb)
    understate_sizes(understated, "xl/worksheets/sheet2.xml", 4096)


if __name__ == "__main__":
    main()
