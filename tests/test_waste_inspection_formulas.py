"""Formulas of the solid-waste and inspection indicators on the domain notes' worked examples."""

from decimal import Decimal
from fractions import Fraction

import pytest

from standards import pass_rates, solid_waste
from standards.percent import percent, round_fraction


def test_utilisation_rate_worked_example():
    # Domain §1: generated 120, utilised 100 of which 6 from prior-year stock (10^4 t) → 100 / 126 = 79.365 %.
    assert solid_waste.utilisation_rate(100, 6, 120) == Decimal("79.37")


def test_utilisation_rate_adds_back_storage_so_it_cannot_exceed_100():
    # All of this year's waste and 50 t of old stock utilised: 150 / (100 + 50) = 100 %, not 150 %.
    assert solid_waste.utilisation_rate(150, 50, 100) == Decimal("100.00")
    assert solid_waste.utilisation_rate(0, 0, 0) is None


def test_rate_rounds_half_to_even_without_float_ties():
    # Domain rounding note: 100/128 = 78.125 → 78.12 (GB/T 8170 half to even), not 78.13.
    assert solid_waste.utilisation_rate(100, 0, 128) == Decimal("78.12")
    assert percent(3, 8, 1) == Decimal("37.5")
    assert round_fraction(Fraction(785, 10), 0) == Decimal("78")   # 78.5 → 78
    assert round_fraction(Fraction(795, 10), 0) == Decimal("80")   # 79.5 → 80
    # 0.1 + 0.2 style float noise does not move a tie: 1.005 is taken as the decimal 1.005.
    assert percent(1.005, 100, 4) == Decimal("1.0050")


def test_mass_balance_worked_example():
    # Domain §1: 94 + 13 + 12.9 + 0.1 = 120 → residual 0, in balance.
    args = dict(generated=120, utilised=100, utilised_from_storage=6, disposed=15, disposed_from_storage=2,
                stored="12.9", dumped="0.1")
    assert solid_waste.balance_residual(**args) == 0
    assert solid_waste.in_balance(**args)


def test_mass_balance_flags_unaccounted_tonnage():
    # 1000 t generated, only 900 t accounted for: residual 100 t, tolerance 1 % of 1000 = 10 t.
    args = dict(generated=1000, utilised=600, utilised_from_storage=0, disposed=200, disposed_from_storage=None,
                stored=100, dumped=0)
    assert solid_waste.balance_residual(**args) == 100
    assert solid_waste.balance_tolerance(1000, 0, None) == 10
    assert not solid_waste.in_balance(**args)
    # Within 1 %: 995 accounted for.
    assert solid_waste.in_balance(**{**args, "stored": 195})
    # Small enterprises: at least 1 t of rounding is tolerated.
    assert solid_waste.balance_tolerance(20, 0, None) == 1


@pytest.mark.parametrize(("passed", "total", "expected"), [
    (188, 200, Decimal("94.0")),      # spot-check pass rate (batches)
    (4873, 5000, Decimal("97.5")),    # agri-product routine monitoring (samples)
    (46, 48, Decimal("95.8")),        # first-time acceptance (unit projects)
])
def test_pass_rate_worked_examples(passed, total, expected):
    assert pass_rates.pass_rate(passed, total) == expected


def test_pass_rate_is_a_ratio_of_counts_not_a_mean_of_rates():
    # Two enterprises: 9/10 and 1/2. The pass rate is 10/12 = 83.3 %, not (90 + 50) / 2 = 70 %.
    assert pass_rates.pass_rate(9 + 1, 10 + 2) == Decimal("83.3")


def test_pass_rate_rejects_impossible_counts():
    assert pass_rates.pass_rate(0, 0) is None
    with pytest.raises(ValueError):
        pass_rates.pass_rate(5, 4)


def test_every_inspection_indicator_has_a_programme():
    indicators = {p.indicator_id for p in pass_rates.PROGRAMMES.values()}
    assert indicators == {"industrial_product_spot_check_pass_rate", "agri_food_monitoring_pass_rate",
                          "import_export_pass_rate", "construction_first_acceptance_pass_rate"}
