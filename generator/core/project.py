"""What a project is made of — named here once; the build, check, serve, publish and the
tests take the names from here."""
from __future__ import annotations

CITIES = "cities"  # cities/<拼音>.yaml: one city each
PROVINCES = "provinces"  # provinces/<拼音>.yaml: rules for one province
CONTENT = "content"  # articles (Markdown) and search-terms.yaml
STATIC = "static"  # stylesheet and scripts, copied as they are
TEMPLATES = "templates"  # the pages' HTML templates
NATIONAL_FILE = "national.yaml"  # rules for the whole country
CONFIG = "yibao.yaml"  # the site's settings

# The folders a build reads: every entry in them must be an ordinary file or folder.
FOLDERS = (CITIES, PROVINCES, CONTENT, STATIC, TEMPLATES)
# Everything a copy of the project needs to build the same site.
PROJECT_FILES = (*FOLDERS, NATIONAL_FILE, CONFIG)
