"""The workforce calculators timed in process (beside P6, the legal rules engine): the
apprenticeship levy for an England-sized set of employers together, as the partnership
levy page and the API work it (the rates read, every employer checked, connected groups
sharing their allowance), and one high cost area supplement."""

import datetime as dt
import gc
from collections.abc import Callable
from decimal import Decimal
from statistics import median
from time import perf_counter_ns

from devolution.bench import BenchError
from devolution.bench.figures import Figure
from devolution.bench.measuring import WARM_UP
from devolution.workforce.rules.levy import MOST_EMPLOYERS
from devolution.workforce.selectors.pay import EmployerRow, levy_result, supplement_result

LEVY_RUNS = 20
SUPPLEMENT_RUNS = 2000
ON = dt.date(2018, 6, 1)
LEVY_BAR_MS = 500.0
SUPPLEMENT_BAR_MS = 1.0


def england_employers(count: int = MOST_EMPLOYERS) -> list[EmployerRow]:
    """As many employers as one calculation takes (more than England's NHS bodies and
    councils): every third a public body, others in connected groups of four, some
    under the threshold, some with no pay bill (not counted). Synthetic."""
    rows: list[EmployerRow] = []
    for n in range(count):
        bill = None if n % 50 == 0 else Decimal(500_000 + (n * 7919) % 90_000_000)
        public = n % 3 == 0
        group = None if public or n % 3 == 1 else f"group-{n // 12}"
        rows.append((f"Employer {n}", bill, group, public))
    return rows


def _median_ms(work: Callable[[], object], runs: int) -> float:
    for _ in range(WARM_UP):
        work()
    gc.collect()
    times = []
    for _ in range(runs):
        start = perf_counter_ns()
        work()
        times.append(perf_counter_ns() - start)
    return median(times) / 1e6


def workforce_calculators() -> list[Figure]:
    rows = england_employers()
    result = levy_result(ON, rows)
    counted = [e for e in result.employers if e.counted]
    if not result.total_levy or len(counted) == len(rows) or not result.total_transferable:
        raise BenchError("the levy of the bench's employers is not what the bench expects")
    levy_ms = _median_ms(lambda: levy_result(ON, rows), LEVY_RUNS)
    supplement_ms = _median_ms(
        lambda: supplement_result(ON, "inner", Decimal(25000)), SUPPLEMENT_RUNS
    )
    return [
        Figure(
            "P6",
            f"the apprenticeship levy of {len(rows):,} employers together, in process "
            f"(median of {LEVY_RUNS})",
            f"{levy_ms:.1f} ms",
            f"< {LEVY_BAR_MS:g} ms",
            levy_ms < LEVY_BAR_MS,
        ),
        Figure(
            "P6",
            f"one high cost area supplement, in process (median of {SUPPLEMENT_RUNS})",
            f"{supplement_ms:.3f} ms",
            f"< {SUPPLEMENT_BAR_MS:g} ms",
            supplement_ms < SUPPLEMENT_BAR_MS,
        ),
    ]
