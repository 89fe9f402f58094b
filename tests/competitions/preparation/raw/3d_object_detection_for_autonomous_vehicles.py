"""3d-object-detection-for-autonomous-vehicles raw data in small, in Kaggle's nuScenes-style layout:
train_data/ with its thirteen tables (logs whose scene carries the log's token, as in Kaggle's
data; samples; camera and lidar sample_data records; calibrations shared by many records; one
ego pose per record; annotations of instances that recur across a scene's samples; the one map
listing every log), train.csv with one row per sample whose PredictionString holds 8-token boxes
with long floats, tiny files `train_images/*.jpeg` and `train_lidar/*.bin`, the map image, and
Kaggle's test folders, which MLE-bench ignores. Tables hold non-ASCII text and floats such as
1e-05, and the CSV rows are not in the samples' order."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id

CLASSES = ["car", "pedestrian", "truck", "bicycle", "other_vehicle", "bus", "motorcycle", "emergency_vehicle", "animal"]
CAMERAS = ["CAM_FRONT", "CAM_BACK", "CAM_FRONT_LEFT"]


def _dump(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=_indent(path)), encoding="utf-8")


def _indent(path: Path):
    """Kaggle's tables are indented JSON; one is on one line, so both layouts are read."""
    return None if path.name == "scene.json" else 4


def _floats(rng: random.Random, count: int) -> list[float]:
    return [rng.choice([rng.uniform(-3000, 3000), 1e-05, 0.0]) for _ in range(count)]


def make(raw: Path, rng: random.Random, logs: int = 10) -> None:
    data = raw / "train_data"
    log_tokens = [hex_id(rng, 64) for _ in range(logs)]
    sensors = [{"token": hex_id(rng, 64), "channel": name, "modality": "camera"} for name in CAMERAS]
    sensors.append({"token": hex_id(rng, 64), "channel": "LIDAR_TOP", "modality": "lidar"})
    log_table, scenes, samples, sample_data, poses, calibrations, annotations, instances, rows = ([] for _ in range(9))
    for n, log in enumerate(log_tokens):
        vehicle = f"host-a{rng.randint(1, 102):03d}"
        log_table.append({"token": log, "vehicle": vehicle, "date_captured": "2019-05-24",
                          "location": "Palo Alto \u2013 caf\u00e9" if n == 0 else "Palo Alto", "logfile": ""})
        calibration = {sensor["token"]: {"token": hex_id(rng, 64), "sensor_token": sensor["token"],
                                         "translation": _floats(rng, 3), "rotation": _floats(rng, 4),
                                         "camera_intrinsic": [] if sensor["modality"] == "lidar" else [_floats(rng, 3)]}
                       for sensor in sensors}
        calibrations += calibration.values()
        objects = [(hex_id(rng, 64), rng.choice(CLASSES)) for _ in range(rng.randint(1, 3))]
        counted = {token: [] for token, _ in objects}
        tokens = [hex_id(rng, 64) for _ in range(rng.randint(1, 4))]
        for at, sample in enumerate(tokens):
            stamp = 1.5577e15 + rng.randint(0, 10 ** 9)
            samples.append({"next": tokens[at + 1] if at + 1 < len(tokens) else "", "prev": tokens[at - 1] if at else "",
                            "token": sample, "timestamp": stamp, "scene_token": log, "data": {}, "anns": []})
            for sensor in sensors:
                pose = hex_id(rng, 64)
                poses.append({"rotation": _floats(rng, 4), "translation": _floats(rng, 3), "token": pose,
                              "timestamp": stamp})
                camera = sensor["modality"] == "camera"
                name = f"{vehicle}_{sensor['channel'].lower()}_{rng.randint(10 ** 18, 10 ** 19)}"
                filename = f"images/{name}.jpeg" if camera else f"lidar/{name}.bin"
                sample_data.append({"width": 1224 if camera else None, "height": 1024 if camera else None,
                                    "calibrated_sensor_token": calibration[sensor["token"]]["token"],
                                    "token": hex_id(rng, 64), "sample_token": sample, "is_key_frame": True,
                                    "prev": "", "fileformat": "jpeg" if camera else "bin", "timestamp": stamp,
                                    "filename": filename, "ego_pose_token": pose, "next": ""})
                folder = raw / ("train_images" if camera else "train_lidar")
                folder.mkdir(parents=True, exist_ok=True)
                (folder / Path(filename).name).write_bytes(rng.randbytes(rng.randint(4, 40)))
            boxes = []
            for instance, kind in rng.sample(objects, rng.randint(1, len(objects))):
                box = [rng.uniform(-3000, 3000), rng.uniform(-3000, 3000), rng.uniform(-30, 0), round(rng.uniform(0.3, 3), 3),
                       round(rng.uniform(0.3, 12), 3), round(rng.uniform(0.5, 4), 3), rng.uniform(-3.2, 3.2)]
                token = hex_id(rng, 64)
                counted[instance].append(token)
                annotations.append({"token": token, "num_lidar_pts": rng.randint(0, 900), "size": box[3:6],
                                    "sample_token": sample, "rotation": _floats(rng, 4), "prev": "", "translation": box[:3],
                                    "num_radar_pts": 0, "attribute_tokens": ["a" * 64], "next": "",
                                    "instance_token": instance, "visibility_token": "", "category_name": kind})
                boxes.append(" ".join([*map(repr, box), kind]))
            rows.append([sample, " ".join(boxes)])
        for instance, kind in objects:
            if counted[instance]:
                instances.append({"token": instance, "nbr_annotations": len(counted[instance]), "category_token": kind,
                                  "first_annotation_token": counted[instance][0], "last_annotation_token": counted[instance][-1]})
        scenes.append({"description": "", "token": log, "name": f"{vehicle}-2019-05-24", "log_token": log,
                       "nbr_samples": len(tokens), "first_sample_token": tokens[0], "last_sample_token": tokens[-1]})
    rng.shuffle(rows)
    tables = {"log": log_table, "scene": scenes, "sample": samples, "sample_data": sample_data, "ego_pose": poses,
              "calibrated_sensor": calibrations, "sample_annotation": annotations, "instance": instances,
              "sensor": sensors, "map": [{"log_tokens": log_tokens, "category": "semantic_prior",
                                          "filename": "maps/map_raster_palo_alto.png", "token": hex_id(rng, 32)}],
              "attribute": [{"token": "a" * 64, "name": "object_action_parked", "description": None}],
              "category": [{"token": kind, "name": kind, "description": ""} for kind in CLASSES],
              "visibility": [{"token": "1", "level": "v0-40", "description": "visibility of whole object is between 0 and 40%"}]}
    for name, table in tables.items():
        _dump(data / f"{name}.json", table)
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Id", "PredictionString"])
        out.writerows(rows)
    (raw / "train_maps").mkdir()
    (raw / "train_maps" / "map_raster_palo_alto.png").write_bytes(b"\x89PNG" + rng.randbytes(16))
    (raw / "sample_submission.csv").write_text("Id,PredictionString\n" + hex_id(rng, 64) + ",\n")
    for folder in ("test_data", "test_images", "test_lidar", "test_maps"):
        (raw / folder).mkdir()
    _dump(raw / "test_data" / "log.json", [])
