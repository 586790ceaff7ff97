"""Where a project keeps what it is made of, beside `cities/`: the rules for the whole
country and for each province."""
from __future__ import annotations

NATIONAL_FILE = "national.yaml"  # rules for the whole country
PROVINCES = "provinces"  # provinces/<拼音>.yaml: rules for one province
