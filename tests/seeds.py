"""Where the seed papers are, and the only normalisation a verbatim check allows:
typographic quotes and dashes read as plain ones (whitespace is each check's own)."""

from pathlib import Path

# The five board papers beside the repository; the seed checks skip where they are absent.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

TYPOGRAPHY = str.maketrans(
    {
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{LEFT DOUBLE QUOTATION MARK}": '"',
        "\N{RIGHT DOUBLE QUOTATION MARK}": '"',
        "\N{EN DASH}": "-",
        "\N{EM DASH}": "-",
    }
)
