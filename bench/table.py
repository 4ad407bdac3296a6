"""Plain-text tables for the benchmark output (no dependency, copy-pastable into notes)."""

from __future__ import annotations

from collections.abc import Sequence

Cell = str | int | float | None


def mark(ok: bool | None) -> str:
    """The goal column: ✓ met, ✗ missed, - no goal."""
    if ok is None:
        return "-"
    return "✓" if ok else "✗"


def _text(cell: Cell) -> str:
    if cell is None:
        return "-"
    if isinstance(cell, float):
        return f"{cell:,.1f}" if abs(cell) >= 10 else f"{cell:.2f}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return cell


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Numbers right-aligned, text left-aligned, one line per row."""
    texts = [[_text(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(headers)]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(headers))
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    print(f"\n{title}")
    print(line(list(headers)))
    print(line(["-" * w for w in widths]))
    for row in texts:
        print(line(row))
