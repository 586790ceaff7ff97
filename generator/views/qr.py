"""The QR code on a printed checklist: the page's address as inline SVG, made at build time
(segno, pure Python, no image files and no request to a QR service when the page is read)."""
from __future__ import annotations

import functools

from markupsafe import Markup


@functools.lru_cache(maxsize=4096)  # yibao serve renders a city's pages again on each edit
def qr_svg(address: str, label: str = "本页网址的二维码") -> Markup:
    """An <svg> for `address` that scales to any size in CSS (viewBox only), black on the
    paper's white, with the four-module quiet zone that scanners expect. `address` is the
    site's checked base URL and a page path, so nothing in it is markup; the label is ours."""
    import segno

    from generator.views import qr_masks

    qr_masks.install()  # segno's choice of mask, made faster: the same code
    code = segno.make(address, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None)
    assert svg.startswith("<svg ")
    return Markup(f'<svg role="img" aria-label="{Markup.escape(label)}" ' + svg[len("<svg "):])


__all__ = ["qr_svg"]
