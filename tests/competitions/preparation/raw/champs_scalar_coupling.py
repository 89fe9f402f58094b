"""champs-scalar-coupling raw data in small: Kaggle's train.csv, the six per-molecule tables and
structures/<molecule>.xyz. Quirks: molecule names out of order and with gaps, rows of a molecule
not contiguous, test-set molecules in structures (filtered out), floats that print only in
round-trip form (many digits, exponents, -0.0), every training molecule in every table (MLE-bench
asserts it)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

TYPES = ("1JHC", "1JHN", "2JHC", "2JHH", "2JHN", "3JHC", "3JHH", "3JHN")
ATOMS = ("C", "H", "N", "O", "F")


def _float(rng: random.Random, scale: float = 10.0) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(("-0.0", "0.0", "1e-05", "1.0000000000000002", "2.5E-7"))
    return repr(rng.uniform(-scale, scale))


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def make(raw: Path, rng: random.Random) -> None:
    numbers = rng.sample(range(1, 140000), 75)
    train_molecules = [f"dsgdb9nsd_{n:06d}" for n in numbers[:62]]
    test_molecules = [f"dsgdb9nsd_{n:06d}" for n in numbers[62:]]
    atoms = {m: rng.randint(2, 9) for m in train_molecules + test_molecules}
    couplings = []
    for molecule in train_molecules:
        for _ in range(rng.randint(1, 8)):
            a, b = rng.sample(range(atoms[molecule]), 2)
            couplings.append([molecule, a, b, rng.choice(TYPES)])
    rng.shuffle(couplings)  # a molecule's rows are not all together
    couplings.sort(key=lambda row: (row[0] > train_molecules[30], rng.random() < 0.1))
    train = [[i, *row, _float(rng, 200)] for i, row in enumerate(couplings)]
    _write(raw / "train.csv", ["id", "molecule_name", "atom_index_0", "atom_index_1", "type",
                                "scalar_coupling_constant"], train)
    test = [[len(train) + i, m, 0, 1, "1JHC"] for i, m in enumerate(test_molecules)]
    _write(raw / "test.csv", ["id", "molecule_name", "atom_index_0", "atom_index_1", "type"], test)
    _write(raw / "sample_submission.csv", ["id", "scalar_coupling_constant"], [[r[0], 0] for r in test])

    everything = train_molecules + test_molecules
    rng.shuffle(everything)
    (raw / "structures").mkdir()
    structures = []
    for molecule in everything:
        lines = [str(atoms[molecule]), ""]
        for index in range(atoms[molecule]):
            atom, x, y, z = rng.choice(ATOMS), _float(rng, 3), _float(rng, 3), _float(rng, 3)
            structures.append([molecule, index, atom, x, y, z])
            lines.append(f"{atom} {x} {y} {z}")
        (raw / "structures" / f"{molecule}.xyz").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write(raw / "structures.csv", ["molecule_name", "atom_index", "atom", "x", "y", "z"], structures)

    order = sorted(train_molecules)
    _write(raw / "dipole_moments.csv", ["molecule_name", "X", "Y", "Z"],
           [[m, _float(rng), _float(rng), _float(rng)] for m in order])
    _write(raw / "potential_energy.csv", ["molecule_name", "potential_energy"], [[m, _float(rng, 900)] for m in order])
    per_atom = [(m, i) for m in order for i in range(atoms[m])]
    _write(raw / "mulliken_charges.csv", ["molecule_name", "atom_index", "mulliken_charge"],
           [[m, i, _float(rng, 1)] for m, i in per_atom])
    tensor = ["XX", "YX", "ZX", "XY", "YY", "ZY", "XZ", "YZ", "ZZ"]
    _write(raw / "magnetic_shielding_tensors.csv", ["molecule_name", "atom_index", *tensor],
           [[m, i, *(_float(rng, 300) for _ in tensor)] for m, i in per_atom])
    _write(raw / "scalar_coupling_contributions.csv",
           ["molecule_name", "atom_index_0", "atom_index_1", "type", "fc", "sd", "pso", "dso"],
           [[m, a, b, t, _float(rng, 200), _float(rng), _float(rng), _float(rng)] for m, a, b, t in couplings])
