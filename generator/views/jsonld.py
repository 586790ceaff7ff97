"""schema.org JSON-LD for the offices page: the same facts the page prints, for maps and
search engines."""
from __future__ import annotations

import json

from generator.model.city import City


def offices_json_ld(city: City) -> str:
    graph = []
    for office in city.offices.items:
        entry: dict = {"@type": "GovernmentOffice", "name": office.name}
        if office.address:
            entry["address"] = {"@type": "PostalAddress", "streetAddress": office.address,
                                "addressLocality": city.name, "addressRegion": city.province,
                                "addressCountry": "CN"}
        if office.phones:
            entry["telephone"] = list(office.phones) if len(office.phones) > 1 else office.phones[0]
        if office.hours:
            entry["description"] = office.hours
        graph.append(entry)
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    # inside <script>, "<" must never appear as-is: a volunteer could write "</script>"
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
