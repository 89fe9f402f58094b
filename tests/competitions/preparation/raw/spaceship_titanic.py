"""spaceship-titanic raw data in small: Kaggle's train.csv (the only file MLE-bench's prepare reads),
with blanks in every column but the id, group ids with leading zeros, unicode names, and floats
that print differently under other float formats."""

from __future__ import annotations

import csv
import random
from pathlib import Path

PLANETS = ("Europa", "Earth", "Mars", "")
DESTINATIONS = ("TRAPPIST-1e", "55 Cancri e", "PSO J318.5-22", "")
FIRST = ("Maham", "Juanna", "Altark", "Solam", "Zoë", "Björn", "Señor")
LAST = ("Ofracculy", "Vines", "Susent", "Stonelanty", "O'Neil", "Müller")


def _maybe(rng: random.Random, value: str, blank: float = 0.05) -> str:
    return "" if rng.random() < blank else value


def make(raw: Path, rng: random.Random, rows: int = 240) -> None:
    header = ["PassengerId", "HomePlanet", "CryoSleep", "Cabin", "Destination", "Age", "VIP", "RoomService",
              "FoodCourt", "ShoppingMall", "Spa", "VRDeck", "Name", "Transported"]
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        group, member = 1, 1
        for _ in range(rows):
            if rng.random() < 0.6:
                group, member = group + rng.randint(1, 3), 1
            else:
                member += 1
            spend = [_maybe(rng, f"{rng.choice([0.0, 0.0, rng.randint(1, 3000), rng.random() * 1e4]):.1f}") for _ in range(5)]
            out.writerow([
                f"{group:04d}_{member:02d}",
                _maybe(rng, rng.choice(PLANETS)),
                _maybe(rng, rng.choice(["True", "False"])),
                _maybe(rng, f"{rng.choice('ABCDEFGT')}/{rng.randint(0, 1800)}/{rng.choice('PS')}"),
                _maybe(rng, rng.choice(DESTINATIONS)),
                _maybe(rng, f"{rng.choice([0, rng.randint(1, 79)])}.0"),
                _maybe(rng, rng.choice(["True", "False", "False"])),
                *spend,
                _maybe(rng, f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
                rng.choice(["True", "False"]),
            ])
