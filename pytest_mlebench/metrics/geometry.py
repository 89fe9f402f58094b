"""Geometric errors: angles between directions and distances on the Earth's surface."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.metrics._common import as_arrays

__all__ = ["mean_angular_error", "mean_trip_p50_p95_distance"]

EARTH_RADIUS_M = 6_371_000  # the mean radius the smartphone-decimeter metric uses


def mean_angular_error(azimuth_true, zenith_true, azimuth_pred, zenith_pred) -> float:
    """Mean angle (radians) between true and predicted directions given as azimuth and zenith.

    Each direction becomes a unit vector (sin z cos a, sin z sin a, cos z); the angle
    is the arccos of their dot product, clipped to [-1, 1] against rounding. The dot
    product is written sin z1 sin z2 cos(a1 - a2) + cos z1 cos z2: the same value as
    expanding cos(a1 - a2), with fewer sines and cosines of millions of events.
    """
    azimuth_true, azimuth_pred = as_arrays(azimuth_true, azimuth_pred)
    zenith_true, zenith_pred = as_arrays(zenith_true, zenith_pred)
    if len(azimuth_true) != len(zenith_true):
        raise ValueError(f"{len(azimuth_true)} azimuths but {len(zenith_true)} zeniths")
    a1, z1, a2, z2 = (np.asarray(x, dtype=float) for x in (azimuth_true, zenith_true, azimuth_pred, zenith_pred))
    cosine = np.sin(z1) * np.sin(z2) * np.cos(a1 - a2) + np.cos(z1) * np.cos(z2)
    return float(np.mean(np.arccos(np.clip(cosine, -1, 1))))


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres between points given in degrees (a sphere of EARTH_RADIUS_M)."""
    lat1, lon1, lat2, lon2 = (np.deg2rad(np.asarray(x, dtype=float)) for x in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def mean_trip_p50_p95_distance(lat_true, lon_true, lat_pred, lon_pred, trips) -> float:
    """Smartphone-decimeter score: per trip, the mean of the 50th and 95th percentile of the
    haversine errors (metres, linear interpolation); then the mean over trips."""
    lat_true, lat_pred = as_arrays(lat_true, lat_pred)
    lon_true, lon_pred = as_arrays(lon_true, lon_pred)
    trips = np.asarray(trips)
    if not (len(lat_true) == len(lon_true) == len(trips)):
        raise ValueError(f"{len(lat_true)} latitudes, {len(lon_true)} longitudes and {len(trips)} trip ids")
    distances = pd.Series(haversine_m(lat_true, lon_true, lat_pred, lon_pred))
    by_trip = distances.groupby(trips)
    per_trip = (by_trip.quantile(0.50) + by_trip.quantile(0.95)) / 2
    return float(per_trip.mean())
