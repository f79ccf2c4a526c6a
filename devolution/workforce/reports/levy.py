"""A levy calculation as a spreadsheet: each employer's levy, allowance, unused allowance
and what it could transfer, then the totals, the rates and the notes."""

from typing import Any

from devolution.core.spreadsheets import xlsx_book, xlsx_bytes, xlsx_sheet

from ..rules.levy import LevyResult
from ..rules.money import money, pence


def _amount(value: Any) -> Any:
    return None if value is None else float(pence(value))


def levy_xlsx(result: LevyResult) -> bytes:
    book = xlsx_book("Apprenticeship levy")
    xlsx_sheet(
        book,
        "Employers",
        (
            "Employer",
            "Pay bill (£)",
            "Connected group",
            "Public body",
            "Allowance (£)",
            "Levy (£)",
            "Allowance unused (£)",
            "Could transfer (£)",
            "Why",
        ),
        [
            (
                e.name,
                _amount(e.pay_bill),
                e.connected_group or "",
                "yes" if e.public_body else "no",
                _amount(e.allowance),
                _amount(e.levy),
                _amount(e.allowance_unused),
                _amount(e.transferable),
                e.why,
            )
            for e in result.employers
        ],
        widths=(40, 16, 20, 10, 14, 14, 16, 16, 80),
        wrap=True,
    )
    rates = result.rates
    about: list[tuple[Any, ...]] = [
        ("Date", result.date),
        ("Levy, all employers (£)", _amount(result.total_levy)),
        ("Allowance unused, all employers (£)", _amount(result.total_allowance_unused)),
        ("Could transfer, all employers (£)", _amount(result.total_transferable)),
        ("Could receive transfers", ", ".join(result.recipients) or "none here"),
        ("Pay bill unknown: not counted", ", ".join(result.uncounted) or "none"),
        ("Unused allowance lapses on", result.tax_year_ends),
        ("Levy rate", f"{rates.rate.normalize():f}% of the pay bill"),
        ("Allowance", money(rates.allowance)),
        ("Pay-bill threshold", money(rates.threshold)),
        (
            "Share that may be transferred",
            f"{rates.transfer_share.normalize():f}%" if rates.transfer_share else "none yet",
        ),
        *[("Note", n) for n in result.notes],
        ("Source", "Integration: Technical pack (December 2017), The Apprenticeship Levy"),
    ]
    xlsx_sheet(book, "Totals and rates", ("What", "Value"), about, widths=(40, 90), wrap=True)
    return xlsx_bytes(book)
