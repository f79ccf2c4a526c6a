"""Money as the workforce calculators give it: pounds and pence, as exact decimals."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def pence(amount: Decimal) -> Decimal:
    """To the penny, a half penny up."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def pence_down(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_DOWN)


def money(amount: Decimal | None) -> str:
    """£1,234.50, or £1,234 where there are no pence; "unknown" for None."""
    if amount is None:
        return "unknown"
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{pence(amount):,.2f}"


def percent(share: Decimal) -> str:
    return f"{format(share.normalize(), 'f')}%"


def shared(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` (to the penny) split in proportion to `weights`, each share to the penny,
    by largest remainder: the shares add up to `total` exactly. Nothing to weigh (every
    weight nought): equal shares."""
    if not weights:
        return []
    whole = sum(weights, Decimal(0))
    if whole <= 0:
        weights, whole = [Decimal(1)] * len(weights), Decimal(len(weights))
    exact = [total * w / whole for w in weights]
    shares = [pence_down(x) for x in exact]
    left = int((total - sum(shares, Decimal(0))) / PENNY)
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[:left]:
        shares[i] += PENNY
    return shares
