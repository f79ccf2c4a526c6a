"""The dashboard's charts: every colour reaches 3:1 against the page (WCAG 1.4.11), each
part of a bar carries its count, so the series are told apart by more than colour, and
the axis fits the counts in whole numbers."""

import json
import re

import pytest

from devolution.commitments import charts


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours given as #rrggbb."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#ffb81c", "#ffffff") < 3  # the NHS.UK amber fails on white


TABLE = charts.Crosstab(
    title="Commitments by theme and RAG rating",
    row_title="Theme",
    column_title="RAG rating",
    rows=("Estates", "Workforce"),
    columns=tuple(charts.RAG_COLOURS),
    counts={("Estates", "Red"): 2, ("Estates", "Green"): 5, ("Workforce", "Amber"): 3},
    colours=tuple(charts.RAG_COLOURS.values()),
)


def _colours(spec: object) -> set[str]:
    return set(re.findall(r"#[0-9a-fA-F]{6}", json.dumps(spec)))


@pytest.mark.parametrize("horizontal", [True, False])
def test_every_colour_in_a_chart_reaches_3_to_1_against_its_background(horizontal):
    spec = charts._stacked_bar_spec(TABLE, horizontal=horizontal)
    background = spec["background"]
    colours = _colours(spec) - {background}
    assert colours >= set(charts.RAG_COLOURS.values())
    for colour in colours:
        assert contrast(colour, background) >= 3, colour


def test_every_palette_colour_reaches_3_to_1_and_carries_its_white_count():
    for colour in [
        *charts.PALETTE,
        *charts.RAG_COLOURS.values(),
        *charts.MILESTONE_COLOURS.values(),
    ]:
        assert contrast(colour, charts.BACKGROUND) >= 3, colour
        assert contrast(colour, charts.LABEL_COLOUR) >= 4.5, colour


def test_each_part_of_a_bar_is_labelled_with_its_count_and_the_axis_fits_the_counts():
    svg = charts.chart_svg(TABLE)
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    for label in ("2", "5", "3"):  # each part's count, written on it
        assert label in texts
    # Whole-number ticks from nought to the largest bar (7), none past it, none fractional.
    ticks = charts._stacked_bar_spec(TABLE, horizontal=True)["layer"][0]["encoding"]["x"]
    assert ticks["scale"]["domain"] == [0, 7]
    assert ticks["axis"]["values"] == [0, 2, 4, 6]
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in texts)
    assert "Estates" in texts and "Workforce" in texts  # category labels not clipped
