"""views/qr_masks.py chooses a QR code's data mask as segno does, faster: the same mask and
the same matrix as segno's own find_and_apply_best_mask, so the same SVG on every page."""
from __future__ import annotations

import random

import pytest
import segno
from segno import encoder

from generator.views import qr_masks


def _addresses() -> list[str]:
    rng = random.Random(18)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789/:.-_?=&%#"
    made = [f"https://yibao-guide.github.io/yibao-guide/{city}/checklists/{kind}/"
            for city in ("dalian", "beijingabc", "shijiazhuangzz") for kind in ("flexible-employment", "retiree", "x")]
    made += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(120)]
    return made


@pytest.mark.parametrize("error", ["l", "m", "h"])
def test_same_mask_and_matrix_as_segno(monkeypatch, error):
    for address in _addresses():
        monkeypatch.setattr(encoder, "find_and_apply_best_mask", qr_masks._SEGNO)
        theirs = segno.make(address, error=error, micro=False)
        monkeypatch.setattr(encoder, "find_and_apply_best_mask", qr_masks.find_and_apply_best_mask)
        ours = segno.make(address, error=error, micro=False)
        assert (ours.version, ours.mask, ours.matrix) == (theirs.version, theirs.mask, theirs.matrix), address


def test_penalty_is_segnos():
    rng = random.Random(4)
    for size in (21, 25, 37, 45):
        for _ in range(40):
            rows = [bytes(rng.choice((0, 1, 1, 0, 2, 3) if rng.random() < 0.05 else (0, 1)) for _ in range(size))
                    for _ in range(size)]
            assert qr_masks.penalty(rows, size) == encoder.evaluate_mask(rows, size, size)


def test_a_mask_asked_for_and_micro_codes_go_to_segno(monkeypatch):
    monkeypatch.setattr(encoder, "find_and_apply_best_mask", qr_masks.find_and_apply_best_mask)
    assert segno.make("https://example.org/", mask=5, micro=False).mask == 5
    assert segno.make("12345", micro=True).is_micro
