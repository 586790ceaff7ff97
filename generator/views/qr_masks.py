"""The choice of a QR code's data mask, as segno makes it, in a fraction of its time.

segno (views/qr.py) tries the eight data masks of ISO/IEC 18004 7.8.2 on the symbol and
keeps the one with the lowest penalty (7.8.3), module by module in Python: about 3.5 of
the 4.3 ms a checklist's QR code took, a third of the time of a city's pages. Here each row
is a `bytes` object, a mask is applied to a whole row with one XOR of two integers, and
the penalties are counted by C code (a regular expression for runs, `bytes.find` for the
finder-like pattern, integer operations for 2×2 blocks). The rules are segno's own,
quirks included (its scoring of the 1:1:3:1:1 pattern, the values 2 and 3 of the
remainder modules that no codeword fills): the same mask and the same matrix for every
input, so the same SVG (tests/test_qr_masks.py compares the two on thousands of codes).

`install()` puts `find_and_apply_best_mask` in segno's encoder in place of its own; a
Micro QR code, or a mask asked for, still goes to segno's function.
"""
from __future__ import annotations

import functools
import re

from segno import encoder

_SEGNO = encoder.find_and_apply_best_mask
_SAME = re.compile(rb"\x00{4,}")  # four or more modules each equal to the one before (N1)
_N3 = bytes((1, 0, 1, 1, 1, 0, 1))  # dark light dark dark dark light dark (N3)


@functools.lru_cache(maxsize=None)
def _masks(width: int) -> tuple[tuple[int, ...], ...]:
    """For each of the eight masks, each row's modules to invert (1 in the byte of a module
    of the encoding region where the mask's condition holds), as a little-endian integer.
    The encoding region is what segno's find_and_apply_best_mask takes it to be."""
    function = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function, width, width)
    encoder.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    masks = []
    for condition in encoder.get_data_mask_functions(False):
        masks.append(tuple(int.from_bytes(bytes(1 if function[i][j] > 0x1 and condition(i, j) else 0
                                                for j in range(width)), "little")
                           for i in range(width)))
    return tuple(masks)


def _n3(line: bytes) -> int:
    """segno's mask_scores.n3_pattern_occurrences, on the rows and columns one after another,
    four light modules apart: segno counts a pattern at either end of a row, and looks for
    light modules beside it within the row only, which light modules outside it do not change."""
    count = 0
    idx = line.find(_N3)
    while idx != -1:
        offset = idx + 7
        if not any(line[max(idx - 4, 0):idx]) or not any(line[offset:offset + 4]):
            count += 40
        else:
            offset = idx + 4
        idx = line.find(_N3, offset)
    return count


def penalty(rows: list[bytes], size: int) -> int:
    """segno's evaluate_mask (the sum of N1, N2, N3 and N4) of a square matrix."""
    flat = b"".join(rows)
    lines = (*rows, *(flat[i::size] for i in range(size)))
    # N1: 3 for five equal modules in a row or column, one more for each more. Byte j of
    # `same` is 0 when module j equals the one before it in its row or column (no module
    # is 255, the value between two lines), so a run of n ≥ 5 is n - 1 ≥ 4 zero bytes.
    joined = b"\xff" + b"\xff".join(lines)
    number = int.from_bytes(joined, "little")
    same = (number ^ (number << 8)).to_bytes(len(joined) + 1, "little")[:len(joined)]
    runs = [run.end() - run.start() for run in _SAME.finditer(same)]
    score = sum(runs) - len(runs) + _n3(bytes(4).join(lines))
    # N2: 3 for every 2×2 block of one value: byte k of `differ` is 0 when module k, the one
    # before it and the two above them hold the same value (k in the second row or below,
    # not in the first column)
    whole = int.from_bytes(flat, "little")
    vertical = whole ^ (whole << (8 * size))
    differ = (vertical | (vertical << 8) | whole ^ (whole << 8)).to_bytes(size * size * 2 + 1, "little")
    blocks = differ[size:size * size]
    score += 3 * (blocks.count(0) - blocks[::size].count(0))
    percent = float(sum(flat)) / (size ** 2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)  # N4


def find_and_apply_best_mask(matrix, width, height, proposed_mask=None):
    """segno's find_and_apply_best_mask: (the mask with the lowest penalty, first of equals,
    and the matrix with it applied, a tuple of bytearrays)."""
    if proposed_mask is not None or width != height or width < 21:
        return _SEGNO(matrix, width, height, proposed_mask)
    plain = [int.from_bytes(row, "little") for row in matrix]
    best_score, best_mask, best_rows = encoder._MAX_PENALTY_SCORE, 0, None
    for number, mask in enumerate(_masks(width)):
        rows = [(row ^ flip).to_bytes(width, "little") for row, flip in zip(plain, mask)]
        score = penalty(rows, width)
        if score < best_score:
            best_score, best_mask, best_rows = score, number, rows
    assert best_rows is not None
    return best_mask, tuple(bytearray(row) for row in best_rows)


def install() -> None:
    encoder.find_and_apply_best_mask = find_and_apply_best_mask


__all__ = ["find_and_apply_best_mask", "install", "penalty"]
