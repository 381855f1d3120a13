from __future__ import annotations

import pytest

from gazetteer.sources import division_point, km_between


def test_division_point_is_the_middle_of_the_towns_not_where_they_crowd() -> None:
    # Five towns around a capital in the north-east corner, one town in the far south-west.
    crowd = [(36.0 + i * 0.05, 40.0 + i * 0.05) for i in range(5)]
    lat, lon = division_point([*crowd, (34.0, 38.0)])
    assert (lat, lon) == pytest.approx((35.1, 39.1))


def test_division_point_leaves_out_a_town_far_from_all_the_others() -> None:
    # Valparaíso region and Easter Island, 3,700 km offshore.
    mainland = [(-33.05, -71.62), (-32.75, -71.50), (-33.59, -71.61), (-32.88, -70.60)]
    lat, lon = division_point([*mainland, (-27.15, -109.43)])
    assert km_between(lat, lon, -33.2, -71.1) < 30


def test_division_point_across_the_antimeridian_stays_between_its_towns() -> None:
    lat, lon = division_point([(65.0, 179.0), (66.0, -179.0), (64.5, 178.0)])
    assert lat == pytest.approx(65.25)
    assert lon == pytest.approx(179.5)
