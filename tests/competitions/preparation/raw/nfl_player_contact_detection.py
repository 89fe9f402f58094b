"""nfl-player-contact-detection raw data in small: Kaggle's train_labels.csv (contact_id
"<game_play>_<step>_<player>_<player or G>", so nfl_player_id_2 mixes numbers and "G"),
train_baseline_helmets.csv, train_player_tracking.csv (floats with gaps, a jersey number missing
so that column turns float) and train_video_metadata.csv (ISO timestamps), plus three tiny fake
videos `train/<game_play>_{All29,Endzone,Sideline}.mp4` per play. Rows of the plays are
interleaved, and the helmet and tracking files hold a play that train_labels.csv does not name
(MLE-bench's split drops its rows). Kaggle's test files, which MLE-bench ignores, are there too.
A long float ("0.1234567890123456789") shows that both sides parse floats the same way (pandas'
default parser, not round-trip)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

VIEWS = ("All29", "Endzone", "Sideline")


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)


def _stamp(rng: random.Random, step: int) -> str:
    return f"2020-09-{rng.randint(10, 30)}T0{rng.randint(0, 9)}:{rng.randint(10, 59)}:{step % 60:02d}.{rng.randint(0, 9)}00Z"


def make(raw: Path, rng: random.Random, plays: int = 20) -> None:
    names = list(dict.fromkeys(f"{rng.randint(57583, 58573)}_{rng.randint(1, 4000):06d}" for _ in range(plays)))
    labels, helmets, tracking, metadata = [], [], [], []
    for play in names + ["58999_000001"]:  # the last one has no labels
        game, play_id = play.split("_")
        players = rng.sample(range(25511, 53079), 4)
        for step in range(rng.randint(1, 3)):
            for n, first in enumerate(players):
                if play != "58999_000001":
                    for second in [*players[n + 1:], "G"]:
                        labels.append([f"{play}_{step}_{first}_{second}", play, _stamp(rng, step), step, first, second,
                                       int(rng.random() < 0.2)])
                jersey = "" if not tracking or rng.random() < 0.01 else rng.randint(1, 99)
                tracking.append([play, game, int(play_id), first, _stamp(rng, step), step, rng.choice(["home", "away"]),
                                 rng.choice(["CB", "WR", "OLB", "TE"]), jersey, round(rng.uniform(0, 120), 2),
                                 round(rng.uniform(0, 53.3), 2), rng.choice(["", repr(rng.random() * 9)]),
                                 round(rng.random(), 2), "0.1234567890123456789", round(rng.uniform(0, 360), 2),
                                 round(rng.uniform(-5, 5), 2), round(rng.uniform(-5, 5), 2)])
                for view in ("Endzone", "Sideline"):
                    helmets.append([play, game, int(play_id), view, f"{play}_{view}.mp4", step * 6, first,
                                    f"{rng.choice('HV')}{rng.randint(1, 99)}", rng.randint(0, 1280), rng.randint(5, 40),
                                    rng.randint(0, 720), rng.randint(5, 40)])
        for view in ("Endzone", "Sideline"):
            metadata.append([play, game, int(play_id), view, "2020-09-11 03:01:43.134000+00:00",
                             "2020-09-11 03:01:54.971000+00:00", "2020-09-11 03:01:48.134000+00:00"])
        for view in VIEWS:
            video = raw / "train" / f"{play}_{view}.mp4"
            video.parent.mkdir(parents=True, exist_ok=True)
            video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + rng.randbytes(rng.randint(1, 30)))
    for rows in (labels, helmets, tracking):
        rng.shuffle(rows)
    _write(raw / "train_labels.csv", ["contact_id", "game_play", "datetime", "step", "nfl_player_id_1", "nfl_player_id_2",
                                      "contact"], labels)
    _write(raw / "train_baseline_helmets.csv", ["game_play", "game_key", "play_id", "view", "video", "frame",
                                                "nfl_player_id", "player_label", "left", "width", "top", "height"], helmets)
    _write(raw / "train_player_tracking.csv", ["game_play", "game_key", "play_id", "nfl_player_id", "datetime", "step",
                                               "team", "position", "jersey_number", "x_position", "y_position", "speed",
                                               "distance", "direction", "orientation", "acceleration", "sa"], tracking)
    _write(raw / "train_video_metadata.csv", ["game_play", "game_key", "play_id", "view", "start_time", "end_time",
                                              "snap_time"], metadata)
    (raw / "sample_submission.csv").write_text("contact_id,contact\n58172_003247_0_33472_33480,0\n")
    for name in ("test_baseline_helmets.csv", "test_player_tracking.csv", "test_video_metadata.csv"):
        (raw / name).write_text("game_play\n58172_003247\n")
    (raw / "test").mkdir()
    (raw / "test" / "58172_003247_All29.mp4").write_bytes(b"\x00")
