"""The debrief's chart of the score distribution, as numbers a template draws as SVG on the server.

No charting library and no script: the template (``training/_score_chart.html``) draws bars from the
geometry worked out here, with a title and a description for assistive technology and the same numbers
in a table beside it. Colours and type come from classes in the app's stylesheet (the CSP allows no
inline style). The words (each band's, the sentence describing the chart) are the words template's
(``words.score_band``, ``words.score_description``).
"""

from __future__ import annotations

from typing import Any

# Scores fall in tens, with 100 (a perfect attempt) a bar of its own.
BANDS = [(low, low + 9) for low in range(0, 100, 10)] + [(100, 100)]
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 56


def score_distribution(scores: list[int]) -> dict[str, Any]:
    """Bars (one per band of scores: ``low``, ``high``, ``count`` and where it is drawn), the y axis' ticks and
    how many scores there are."""
    counts = [sum(1 for s in scores if low <= s <= high) for low, high in BANDS]
    top = max(counts + [1])
    step = max(1, -(-top // 5))  # at most about five gridlines, whole numbers of attempts
    scale_top = step * -(-top // step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(BANDS)
    bars: list[dict[str, Any]] = []
    for (low, high), count in zip(BANDS, counts, strict=True):
        height = plot_h * count / scale_top
        x = LEFT + slot * len(bars)
        bars.append(
            {
                "low": low,
                "high": high,
                "count": count,
                "x": round(x + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(TOP + plot_h - height, 1),
                "height": round(height, 1),
                "centre": round(x + slot / 2, 1),
            }
        )
    ticks = [{"value": v, "y": round(TOP + plot_h - plot_h * v / scale_top, 1)} for v in range(0, scale_top + 1, step)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 20,
        "axis_y": HEIGHT - 8,
        "bars": bars,
        "ticks": ticks,
        "total": len(scores),
    }
