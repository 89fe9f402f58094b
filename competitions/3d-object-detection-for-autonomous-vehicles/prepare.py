"""Lyft 3D object detection: a labelled test set of whole drives (logs) held out of Kaggle's 180
training logs, as MLE-bench does; every nuScenes-style table of train_data/ follows the split.

What decides the bytes:
- the log tokens of train_data/log.json, in file order, are split 80/20 by scikit-learn's
  `train_test_split` (random_state 0);
- a sample goes with its `scene_token` (MLE-bench compares it with the log tokens: in Kaggle's
  data a scene's token is its log's), a sample_data record and a sample annotation with their
  sample, a scene with its log, an instance with the annotations that name it (train first);
  every table is written as `json.dump` writes a list, records in file order;
- calibrated_sensor.json of each side lists each sensor once, in order of first use by that
  side's sample_data records (train's, then test's); ego_pose.json lists the pose of every
  sample_data record, in their order;
- map.json keeps Kaggle's one map record; MLE-bench's shallow copy makes BOTH files list the
  held-out logs' tokens (an upstream bug that is part of its split, reproduced here);
- test_data/ gets no sample_annotation.json or instance.json (the held-out labels);
- train.csv (read with pandas' default parser) keeps a row per sample: public/train.csv the
  kept ones; private/test.csv the held-out ones with a confidence "1.0" put before each
  8-token box of PredictionString; public/sample_submission.csv their Id with nothing predicted;
- attribute, category, sensor and visibility tables and the map image go to both sides as they
  are, and every image and lidar file a sample_data record names (`train_images/<name>.jpeg`,
  `train_lidar/<name>.bin`) to {train,test}_{images,lidar}/, hard-linked where possible.
The big tables (sample_data, ego_pose, sample_annotation, instance) are streamed record by record
(`authoring.json_arrays`); poses are kept as encoded text until their order is known.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from pytest_mlebench.data.authoring import json_array_items, JsonArrayWriter, link_or_copy, train_test_split

SIDES = ("train", "test")
SHARED_TABLES = ("attribute.json", "category.json", "sensor.json", "visibility.json")
MAP_IMAGE = "map_raster_palo_alto.png"
BOX_TOKENS = 8  # center_x center_y center_z width length height yaw class_name
FOLDERS = {"jpeg": "images", "bin": "lidar"}


class _Record(NamedTuple):
    """What the later steps need of one sample_data record (a NamedTuple: this module is loaded by
    path, where a dataclass cannot resolve its annotations)."""

    side: str
    calibrated_sensor: str
    ego_pose: str
    filename: str
    fileformat: str


def _split_records(source: Path, targets: dict[str, Path], side_of, what: str) -> None:
    """Stream the records of `source` to the target of the side `side_of(record)` names (None: no
    file for that side; a side not in SIDES stops with a message)."""
    writers = {side: JsonArrayWriter(path) for side, path in targets.items()}
    try:
        for record in json_array_items(source):
            side = side_of(record)
            if side not in SIDES:
                raise ValueError(f"{source}: a {what} belongs to neither the kept nor the held-out logs: {record}")
            if side in writers:
                writers[side].add(record)
    finally:
        for writer in writers.values():
            writer.close()


def _side(token, train: set, test: set) -> str | None:
    return "train" if token in train else "test" if token in test else None


def _with_confidence(boxes: str) -> str:
    tokens = boxes.split(" ")
    if len(tokens) % BOX_TOKENS:
        raise ValueError(f"a PredictionString of train.csv has {len(tokens)} tokens, not boxes of {BOX_TOKENS}")
    return " ".join(" ".join(["1.0", *tokens[n:n + BOX_TOKENS]]) for n in range(0, len(tokens), BOX_TOKENS))


def _write_json(path: Path, value) -> None:
    with open(path, "w") as handle:
        json.dump(value, handle)


def _labels(raw_dir: Path, public: Path, private: Path, samples: dict[str, set]) -> dict[str, set]:
    """Write the CSV files; return the Ids of each side's rows."""
    rows = pd.read_csv(raw_dir / "train.csv")
    parts = {side: rows[rows["Id"].isin(samples[side])] for side in SIDES}
    if sum(map(len, parts.values())) != len(rows) or any(len(parts[side]) != len(samples[side]) for side in SIDES):
        raise ValueError(f"{raw_dir / 'train.csv'} must have exactly one row per sample of sample.json")
    test = parts["test"].assign(PredictionString=parts["test"]["PredictionString"].map(_with_confidence))
    parts["train"].to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test[["Id"]].assign(PredictionString="").to_csv(public / "sample_submission.csv", index=False)
    return {side: set(parts[side]["Id"]) for side in SIDES}


def _sample_data(data: Path, public: Path, ids: dict[str, set]) -> list[_Record]:
    records = []

    def side_of(datum):
        side = _side(datum["sample_token"], ids["train"], ids["test"])
        if side:
            records.append(_Record(side, datum["calibrated_sensor_token"], datum["ego_pose_token"],
                                   datum["filename"], datum["fileformat"]))
        return side

    _split_records(data / "sample_data.json", {side: public / f"{side}_data" / "sample_data.json" for side in SIDES},
                   side_of, "sample_data record")
    return records


def _calibrations_and_poses(data: Path, public: Path, records: list[_Record]) -> None:
    with open(data / "calibrated_sensor.json") as handle:
        calibrations = {entry["token"]: entry for entry in json.load(handle)}
    poses = {pose["token"]: json.dumps(pose) for pose in json_array_items(data / "ego_pose.json")}
    used_calibrations, used_poses = set(), set()
    for side in SIDES:
        mine = [record for record in records if record.side == side]
        tokens = list(dict.fromkeys(record.calibrated_sensor for record in mine))
        used_calibrations.update(tokens)
        _write_json(public / f"{side}_data" / "calibrated_sensor.json", [calibrations[token] for token in tokens])
        with JsonArrayWriter(public / f"{side}_data" / "ego_pose.json") as writer:
            for record in mine:
                writer.add_encoded(poses[record.ego_pose])
                used_poses.add(record.ego_pose)
    for name, used, total in (("calibrated_sensor", used_calibrations, calibrations), ("ego_pose", used_poses, poses)):
        if len(used) != len(total):
            raise ValueError(f"{data / (name + '.json')}: {len(total) - len(used)} records no sample_data record uses")


def _annotations_and_instances(data: Path, public: Path, ids: dict[str, set]) -> None:
    instances = {side: set() for side in SIDES}

    def side_of(annotation):
        side = _side(annotation["sample_token"], ids["train"], ids["test"])
        if side:
            instances[side].add(annotation["instance_token"])
        return side

    _split_records(data / "sample_annotation.json", {"train": public / "train_data" / "sample_annotation.json"},
                   side_of, "sample annotation")
    _split_records(data / "instance.json", {"train": public / "train_data" / "instance.json"},
                   lambda instance: _side(instance["token"], instances["train"], instances["test"]), "instance")


def _link_sensor_files(raw_dir: Path, public: Path, records: list[_Record]) -> None:
    for side in SIDES:
        for folder in FOLDERS.values():
            (public / f"{side}_{folder}").mkdir(parents=True, exist_ok=True)
    for record in records:
        name = Path(record.filename).name
        folder = FOLDERS.get(record.fileformat)
        if folder is None or not name.endswith(record.fileformat):
            raise ValueError(f"a sample_data record names {record.filename!r} of format {record.fileformat!r}; "
                             f"Kaggle's are .jpeg images and .bin lidar sweeps")
        source, target = raw_dir / f"train_{folder}" / name, public / f"{record.side}_{folder}" / name
        if not source.exists():
            raise FileNotFoundError(f"{source} does not exist; download the whole competition again")
        if not target.exists():  # a file named twice keeps its first side, as MLE-bench's copy does
            link_or_copy(source, target)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    data = raw_dir / "train_data"
    for side in SIDES:
        (public / f"{side}_data").mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)

    with open(data / "log.json") as handle:
        logs = json.load(handle)
    tokens = [log["token"] for log in logs]
    if len(set(tokens)) != len(tokens):
        raise ValueError(f"{data / 'log.json'} lists a log token twice")
    split = dict(zip(SIDES, train_test_split(tokens, test_size=0.2, random_state=0)))
    logs_of = {side: set(split[side]) for side in SIDES}
    for side in SIDES:
        _write_json(public / f"{side}_data" / "log.json", [log for log in logs if log["token"] in logs_of[side]])

    with open(data / "sample.json") as handle:
        samples = json.load(handle)
    sample_tokens = {}
    for side in SIDES:
        mine = [sample for sample in samples if sample["scene_token"] in logs_of[side]]
        _write_json(public / f"{side}_data" / "sample.json", mine)
        sample_tokens[side] = {sample["token"] for sample in mine}
    if sum(map(len, sample_tokens.values())) != len(samples):
        raise ValueError(f"{data / 'sample.json'}: a sample's scene_token is none of log.json's tokens (in Kaggle's "
                         f"data a scene's token is its log's, which MLE-bench's split relies on)")

    ids = _labels(raw_dir, public, private, sample_tokens)
    records = _sample_data(data, public, ids)
    _calibrations_and_poses(data, public, records)

    with open(data / "map.json") as handle:
        maps = json.load(handle)
    if len(maps) != 1:
        raise ValueError(f"{data / 'map.json'} has {len(maps)} maps; Kaggle's has one")
    held_out_map = [{**maps[0], "log_tokens": split["test"]}]  # both sides: MLE-bench's shallow-copy bug
    for side in SIDES:
        _write_json(public / f"{side}_data" / "map.json", held_out_map)
        link_or_copy(raw_dir / "train_maps" / MAP_IMAGE, public / f"{side}_maps" / MAP_IMAGE)
        for name in SHARED_TABLES:
            link_or_copy(data / name, public / f"{side}_data" / name)

    _split_records(data / "scene.json", {side: public / f"{side}_data" / "scene.json" for side in SIDES},
                   lambda scene: _side(scene["log_token"], logs_of["train"], logs_of["test"]), "scene")
    _annotations_and_instances(data, public, ids)
    _link_sensor_files(raw_dir, public, records)
