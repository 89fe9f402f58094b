"""smartphone-decimeter-2022 raw data in small: Kaggle's train/<drive>/<phone>/ folders
(device_gnss.csv, device_imu.csv, ground_truth.csv with 3 to 5 epochs, supplemental/ logs),
drives named YYYY-MM-DD-<place> with some dates unpadded ("2021-1-5-...") and several drives on
one date, phone names that sort differently as text and as paths ("GooglePixel4" and
"GooglePixel4XL"), coordinates with 17 significant digits and missing speeds, metadata/, and the
test/ folder and sample submission MLE-bench leaves out."""

from __future__ import annotations

import csv
import random
from pathlib import Path

PHONES = ["GooglePixel4", "GooglePixel4XL", "GooglePixel5", "SamsungGalaxyS20Ultra", "XiaomiMi8"]
TRUTH = ["MessageType", "Provider", "LatitudeDegrees", "LongitudeDegrees", "AltitudeMeters", "SpeedMps",
         "AccuracyMeters", "BearingDegrees", "UnixTimeMillis"]
PLACES = ["US-MTV-1", "US-MTV-2", "US-SJC-1", "US-LAX-3", "US-SVL-2"]


def _drives(rng: random.Random) -> list[str]:
    drives = []
    for n in range(12):
        year, month, day = rng.choice([2020, 2021, 2022]), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month}-{day}" if n % 4 == 0 else f"{year}-{month:02d}-{day:02d}"
        drives += [f"{date}-{place}" for place in rng.sample(PLACES, rng.choice([1, 1, 2]))]
    return sorted(set(drives))


def _phone(folder: Path, rng: random.Random) -> None:
    (folder / "supplemental").mkdir(parents=True)
    start = rng.randint(1273529463000, 1660000000000)
    with open(folder / "ground_truth.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(TRUTH)
        for epoch in range(rng.randint(3, 5)):
            lat, lon = 37 + rng.random(), -122 - rng.random()
            speed = "" if rng.random() < 0.2 else repr(rng.uniform(0, 30))
            out.writerow(["Fix", "GT", repr(lat) if epoch % 2 else f"{lat:.6f}", repr(lon),
                          f"{rng.uniform(-20, 60):.2f}", speed, "0.1", f"{rng.uniform(0, 360):.1f}", start + 1000 * epoch])
    (folder / "device_gnss.csv").write_text("MessageType,utcTimeMillis,Svid\nRaw,%d,5\n" % start)
    (folder / "device_imu.csv").write_text("MessageType,utcTimeMillis,MeasurementX\nUncalAccel,%d,0.5\n" % start)
    (folder / "supplemental" / "gnss_log.txt").write_text("# Version: v3.0.0.1\n")
    (folder / "supplemental" / "span_log.nmea").write_text("$GPGGA,,,,\n")


def make(raw: Path, rng: random.Random) -> None:
    for drive in _drives(rng):
        for phone in rng.sample(PHONES, rng.randint(1, 3)):
            _phone(raw / "train" / drive / phone, rng)
    (raw / "metadata").mkdir()
    (raw / "metadata" / "constellation_type_mapping.csv").write_text("ConstellationType,ConstellationName\n1,GPS\n")
    (raw / "metadata" / "raw_state_bit_map.json").write_text('{"0": "Code Lock"}\n')
    test_drive = raw / "test" / "2022-04-01-US-LAX-1" / "GooglePixel6Pro"
    test_drive.mkdir(parents=True)
    (test_drive / "device_gnss.csv").write_text("MessageType,utcTimeMillis\nRaw,1648800000000\n")
    (raw / "sample_submission.csv").write_text("tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees\n"
                                               "2022-04-01-US-LAX-1-GooglePixel6Pro,1648800000000,37.9,-86.4\n")
