"""One small description per MLE-bench competition: its answers' columns as prepare.py writes them.

Most competitions are an id column, one or a few target columns of a known kind, and the
answers-only columns MLE-bench's private file keeps; the layouts no column recipe fits are
built in `layouts.py`. Column names of the wide targets (dog breeds, leaf species, sound
classes, ...) come from the competitions' definitions, which MLE-bench's grader then checks.
"""

from __future__ import annotations

import random

from pytest_mlebench.competitions import load_competition
from tests.support.paths import REPO

from . import layouts
from .schema import Binary, Extra, Ids, Labels, OneHot, Order, Real, Rle, Spec, Tokens, Words, many, one

_FOLDER = REPO / "competitions"


def _targets(competition: str) -> tuple[str, ...]:
    return load_competition(_FOLDER / competition).grading.target_columns


def fixed(name, value):
    return Extra(name, lambda rng, i, row: value)


def pick(name, *values):
    return Extra(name, lambda rng, i, row: rng.choice(values))


def number(name, lo, hi, decimals=2):
    return Extra(name, lambda rng, i, row: round(rng.uniform(lo, hi), decimals))


def _words(rng: random.Random, vocab, k) -> str:
    return " ".join(rng.sample(vocab, k))


def _label_set(vocab, lo=1, hi=3):
    return lambda rng, i: _words(rng, vocab, rng.randint(lo, hi))


def _boxes_3d(rng, i):
    cls = ["car", "bus", "pedestrian"]
    boxes = [f"{rng.uniform(0.5, 1):.2f} {rng.uniform(0, 50):.1f} {rng.uniform(0, 50):.1f} 0 2 4 1.5 "
             f"{rng.uniform(-3, 3):.2f} {rng.choice(cls)}" for _ in range(rng.randint(1, 2))]
    return " ".join(boxes)


TOKENS_HM = tuple(f"0{rng_id:09d}" for rng_id in (706016001, 706016002, 372860001, 610776002, 759871002, 464297007,
                                                  351484002, 399223001, 720125001, 156231001, 915529003, 448509014))
WHALES = ("new_whale", "w_1287fbc", "w_98baff9", "w_7554f44", "w_1eafe46", "w_693c9ee")
ATTRS = tuple(str(v) for v in (13, 51, 147, 189, 404, 813, 1059, 1092, 2765, 3193))
TAGS = ("php", "mysql", "c#", "java", ".net", "c++", "html", "jquery", "python", "ruby-on-rails")
PLANT = ("healthy", "scab", "rust", "complex", "frog_eye_leaf_spot", "powdery_mildew")
SPECIES = ("Black-grass", "Charlock", "Cleavers", "Common Chickweed", "Common wheat", "Fat Hen", "Loose Silky-bent",
           "Maize", "Scentless Mayweed", "Shepherds Purse", "Small-flowered Cranesbill", "Sugar beet")
PADDY = ("bacterial_leaf_blight", "bacterial_leaf_streak", "bacterial_panicle_blight", "blast", "brown_spot",
         "dead_heart", "downy_mildew", "hispa", "normal", "tungro")
SPEECH = ("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "silence", "unknown")
INCHI = ("InChI=1S/H2O/h1H2", "InChI=1S/CH4/h1H4", "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3", "InChI=1S/C6H6/c1-2-4-6-5-3-1/h1-6H")
HINDI = ("नई", "दिल्ली", "भारत", "1947", "தமிழ்", "சென்னை", "गांधी")
RUSSIAN = ("в", "тысяча", "девятьсот", "году", "sil", "self", "километров", "и")
ENGLISH = ("the", "nineteen ninety", "sil", "self", "one hundred", "dollars", "a", "NA", "null", "1990")


def _id_pairs(rng, n):
    return [f"{rng.randrange(1, 9)}_{rng.randrange(1, 50)}_{i + 1}" for i in range(n)]


def _token_ids(rng, n):
    return [f"{i // 4}_{i % 4}" for i in range(n)]


def _zero_padded(rng, n):
    return [f"{300 + i:04d}" for i in range(n)]


def _passengers(rng, n):
    return [f"{rng.randrange(1, 9999):04d}_{rng.randrange(1, 4):02d}" for _ in range(n)]


def _contacts(rng, n):
    return [f"58168_003392_{i}_{rng.randrange(30000, 50000)}_{rng.choice(['G', str(rng.randrange(30000, 50000))])}"
            for i in range(n)]


def _taxi_keys(rng, n):
    return [f"20{rng.randrange(9, 16)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)} {rng.randrange(10, 23)}:"
            f"{rng.randrange(10, 59)}:{rng.randrange(10, 59)}.{i + 1}" for i in range(n)]


def _comments(rng, n):
    texts = ['"You are an idiot, really."', "ünïcödé, ok", "\"what\" he said", "plain text", "tab\there",
             "line\\nbreak", "1e5", "NA", "…", "emoji 😀", "a,b,c", "'quoted'"]
    return [f"{texts[i % len(texts)]} #{i}" for i in range(n)]


def _breast(rng, n):
    return [f"{rng.randrange(10000, 65000)}_{'LR'[i % 2]}" for i in range(n)]


SPECS_LIST = [
    Spec("3d-object-detection-for-autonomous-vehicles", Ids("Id", "hex"),
         (one("PredictionString", Tokens(_boxes_3d, bad={"boxes_wrong_count": "1.0 2 3 car",
                                                          "boxes_text": "x 1 2 3 4 5 6 7 car"})),), n=6),
    Spec("AI4Code", Ids("id", "hex"), (one("cell_order", Order()),)),
    Spec("aerial-cactus-identification", Ids("id", "hex", suffix=".jpg"), (one("has_cactus", Binary(rate=0.75)),)),
    Spec("alaska2-image-steganalysis", Ids("Id", make=lambda rng, n: [f"{i + 1:04d}.jpg" for i in range(n)]),
         (one("Label", Binary()),)),
    Spec("aptos2019-blindness-detection", Ids("id_code", "hex"), (one("diagnosis", Labels((0, 1, 2, 3, 4))),)),
    Spec("billion-word-imputation", Ids("id"), (one("sentence", Words(length=(3, 8))),)),
    Spec("bms-molecular-translation", Ids("image_id", "hex"), (one("InChI", Words(vocab=INCHI, length=(1, 1))),)),
    Spec("cassava-leaf-disease-classification", Ids("image_id", "file"), (one("label", Labels((0, 1, 2, 3, 4))),)),
    Spec("cdiscount-image-classification-challenge", Ids("_id"),
         (one("category_id", Labels((1000010653, 1000004079, 1000018294, 1000015309))),)),
    Spec("chaii-hindi-and-tamil-question-answering", Ids("id", "hex"),
         (one("PredictionString", Words(vocab=HINDI, length=(1, 3))),)),
    Spec("champs-scalar-coupling", Ids("id"), (one("scalar_coupling_constant", Real(-20, 200)),),
         extras=(pick("molecule_name", "dsgdb9nsd_000001", "dsgdb9nsd_133885"), pick("atom_index_0", 1, 2, 3),
                 pick("atom_index_1", 0, 4), Extra("type", lambda rng, i, row: ("1JHC", "2JHH", "3JHN")[i % 3])),
         extras_first=True),
    Spec("denoising-dirty-documents", Ids("id", make=_id_pairs), (one("value", Real(0, 1)),)),
    Spec("detecting-insults-in-social-commentary", Ids("Comment", make=_comments), (one("Insult", Binary()),),
         extras=(pick("Date", "20120603163526Z", None), fixed("Usage", "PrivateTest"))),
    Spec("dog-breed-identification", Ids("id", "hex"), (many(_targets("dog-breed-identification"), OneHot()),)),
    Spec("dogs-vs-cats-redux-kernels-edition", Ids("id"), (one("label", Binary()),)),
    Spec("facebook-recruiting-iii-keyword-extraction", Ids("Id"), (one("Tags", Tokens(_label_set(TAGS))),),
         extras=(fixed("Title", "How do I?"), fixed("Body", "<p>text, with comma</p>")), extras_first=True),
    Spec("freesound-audio-tagging-2019", Ids("fname", "hex", suffix=".wav"),
         (many(_targets("freesound-audio-tagging-2019"), Binary(rate=0.03)),)),
    Spec("google-quest-challenge", Ids("qa_id"),
         (many(_targets("google-quest-challenge"), Labels((0.0, 0.333333, 0.5, 0.666667, 1.0))),)),
    Spec("google-research-identify-contrails-reduce-global-warming", Ids("record_id"),
         (one("encoded_pixels", Rle(8, 8, empty="-")),), extras=(fixed("height", 8), fixed("width", 8))),
    Spec("h-and-m-personalized-fashion-recommendations", Ids("customer_id", "hex"),
         (one("prediction", Tokens(_label_set(TOKENS_HM, 1, 12), sample_value=" ".join(TOKENS_HM))),)),
    Spec("herbarium-2020-fgvc7", Ids("Id"), (one("Predicted", Labels((0, 1, 2, 15, 23, 31))),)),
    Spec("herbarium-2021-fgvc8", Ids("Id"), (one("Predicted", Labels((0, 3, 64499, 12, 7))),)),
    Spec("herbarium-2022-fgvc9", Ids("Id"), (one("Predicted", Labels((0, 1, 15500, 2, 9))),)),
    Spec("histopathologic-cancer-detection", Ids("id", "hex"), (one("label", Binary()),)),
    Spec("hms-harmful-brain-activity-classification", Ids("eeg_id", make=layouts.repeated_ids),
         (many(_targets("hms-harmful-brain-activity-classification"), OneHot(votes=True)),),
         extras=(number("eeg_sub_id", 0, 5, 0), pick("spectrogram_id", 353733, 924234), pick("patient_id", 42516, 30539),
                 pick("expert_consensus", "Seizure", "Other"))),
    Spec("hotel-id-2021-fgvc8", Ids("image", "hex", suffix=".jpg"),
         (one("hotel_id", Labels((36363, 53586, 18807, 64314, 60181), ranked=True)),), extras=(pick("chain", 0, 5, 70),)),
    Spec("hubmap-kidney-segmentation", Ids("id", "hex"), (one("predicted", Rle(8, 8, always=True), "encoding"),),
         extras=(fixed("width_pixels", 8), fixed("height_pixels", 8))),
    Spec("icecube-neutrinos-in-deep-ice", Ids("event_id"), (one("azimuth", Real(0, 6.28)), one("zenith", Real(0, 3.14)))),
    Spec("imet-2020-fgvc7", Ids("id", "hex"), (one("attribute_ids", Tokens(_label_set(ATTRS))),)),
    Spec("inaturalist-2019-fgvc6", Ids("id"), (one("predicted", Labels((12, 407, 3, 1009, 88), ranked=True)),)),
    Spec("invasive-species-monitoring", Ids("name", make=lambda rng, n: list(range(1, n + 1))), (one("invasive", Binary()),)),
    Spec("iwildcam-2019-fgvc6", Ids("Id", "uuid"), (one("Category", Labels((0, 1, 3, 10, 22))),)),
    Spec("iwildcam-2020-fgvc7", Ids("Id", "uuid"), (one("Category", Labels((0, 372, 101, 2, 14))),)),
    Spec("jigsaw-toxic-comment-classification-challenge", Ids("id", "hex"),
         (many(_targets("jigsaw-toxic-comment-classification-challenge"), Binary(rows_skipped=True)),),
         skipped=lambda row: row["toxic"] == -1, n=15),
    layouts.JIGSAW_BIAS,
    layouts.KUZUSHIJI,
    Spec("leaf-classification", Ids("id"), (many(_targets("leaf-classification"), OneHot()),)),
    Spec("learning-agency-lab-automated-essay-scoring-2", Ids("essay_id", "hex"), (one("score", Labels((1, 2, 3, 4, 5, 6))),),
         extras=(fixed("full_text", "Dear, sir: \"essay\""),), extras_first=True),
    Spec("lmsys-chatbot-arena", Ids("id"), (many(_targets("lmsys-chatbot-arena"), OneHot()),),
         extras=(pick("model_a", "gpt-4", "llama-2"), pick("model_b", "claude-2", "vicuna"), fixed("prompt", '["Hi, there"]'),
                 fixed("response_a", '["Hello!"]'), fixed("response_b", "[null]")), extras_first=True),
    Spec("ml2021spring-hw2", Ids("Id", make=lambda rng, n: list(range(n))), (one("ClassId", Labels(tuple(range(0, 39, 3)))),)),
    Spec("mlsp-2013-birds", Ids("Id", make=lambda rng, n: [100 * (i // 3) + i % 3 for i in range(n)]),
         (one("Probability", Binary()),)),
    Spec("movie-review-sentiment-analysis-kernels-only", Ids("PhraseId"), (one("Sentiment", Labels((0, 1, 2, 3, 4))),),
         extras=(pick("SentenceId", 1, 2, 30), pick("Phrase", "good film", "bad", "so , so")), extras_first=True),
    Spec("multi-modal-gesture-recognition", Ids("Id", make=_zero_padded),
         (one("Sequence", Tokens(lambda rng, i: " ".join(str(rng.randint(1, 20)) for _ in range(rng.randint(2, 6))),
                                 sample_value="1", bad={"sequence_text": "2 x 5"})),)),
    Spec("new-york-city-taxi-fare-prediction", Ids("key", make=_taxi_keys), (one("fare_amount", Real(2.5, 60, 2)),),
         extras=(fixed("pickup_datetime", "2015-01-01 10:00:00 UTC"), number("pickup_longitude", -74, -73.9, 4),
                 number("pickup_latitude", 40.7, 40.8, 4), pick("passenger_count", 1, 2, 6))),
    Spec("nfl-player-contact-detection", Ids("contact_id", make=_contacts), (one("contact", Labels((0, 1))),),
         extras=(fixed("game_play", "58168_003392"), fixed("datetime", "2020-09-11T03:01:48.100Z"), pick("step", 0, 1))),
    Spec("nomad2018-predict-transparent-conductors", Ids("id", make=lambda rng, n: list(range(1, n + 1))),
         (one("formation_energy_ev_natom", Real(0, 0.5, 4)), one("bandgap_energy_ev", Real(0.1, 5, 4))),
         extras=(pick("spacegroup", 12, 33, 227), pick("number_of_total_atoms", 10.0, 80.0)), extras_first=True),
    layouts.OSIC,
    Spec("paddy-disease-classification", Ids("image_id", make=lambda rng, n: [f"{100330 + 7 * i}.jpg" for i in range(n)]),
         (one("label", Labels(PADDY)),), extras=(pick("variety", "ADT45", "KarnatakaPonni"), pick("age", 45, 60, 70))),
    Spec("petfinder-pawpularity-score", Ids("Id", "hex"), (one("Pawpularity", Real(1, 100, 0)),),
         extras=(pick("Eyes", 0, 1), pick("Face", 0, 1)), extras_first=True),
    Spec("plant-pathology-2020-fgvc7", Ids("image_id", make=lambda rng, n: [f"Test_{i}" for i in range(n)]),
         (many(_targets("plant-pathology-2020-fgvc7"), OneHot()),)),
    Spec("plant-pathology-2021-fgvc8", Ids("image", "hex", suffix=".jpg"), (one("labels", Tokens(_label_set(PLANT, 1, 2))),)),
    Spec("plant-seedlings-classification", Ids("file", "file", suffix=".png"), (one("species", Labels(SPECIES)),)),
    Spec("playground-series-s3e18", Ids("id"), (many(("EC1", "EC2"), Binary()),),
         extras=(number("BertzCT", 1, 900), number("Chi1", 0, 30)), extras_first=True),
    Spec("predict-volcanic-eruptions-ingv-oe", Ids("segment_id", make=lambda rng, n: rng.sample(range(10**6, 2 * 10**9), n)),
         (one("time_to_eruption", Real(10**5, 5 * 10**7, 0)),)),
    Spec("random-acts-of-pizza", Ids("request_id", "word", prefix="t3_"), (one("requester_received_pizza", Binary(as_bool=True)),),
         extras=(fixed("request_text", "Hi, pizza please"),)),
    Spec("ranzcr-clip-catheter-line-classification", Ids("StudyInstanceUID", "dotted"),
         (many(_targets("ranzcr-clip-catheter-line-classification"), Binary()),),
         extras=(pick("CVC - Normal", 0, 1), pick("Swan Ganz Catheter Present", 0, 1), pick("PatientID", "ec89415d1", "bf4c6da3c"))),
    layouts.SPINE,
    Spec("rsna-breast-cancer-detection", Ids("prediction_id", make=_breast), (one("cancer", Binary(rate=0.15)),)),
    Spec("rsna-miccai-brain-tumor-radiogenomic-classification", Ids("BraTS21ID"), (one("MGMT_value", Binary()),)),
    Spec("seti-breakthrough-listen", Ids("id", "hex"), (one("target", Binary(rate=0.2)),)),
    layouts.SIIM_COVID,
    Spec("siim-isic-melanoma-classification", Ids("image_name", make=lambda rng, n: [f"ISIC_{rng.randrange(10**7):07d}" for _ in range(n)]),
         (one("target", Binary(rate=0.2)),),
         extras=(pick("patient_id", "IP_7279968", "IP_3075186"), pick("sex", "male", "female", None), pick("age_approx", 45.0, None),
                 pick("anatom_site_general_challenge", "torso", None), pick("diagnosis", "unknown", "nevus")), extras_first=True),
    layouts.SMARTPHONE,
    Spec("spaceship-titanic", Ids("PassengerId", make=_passengers), (one("Transported", Labels((True, False))),),
         extras=(pick("HomePlanet", "Earth", "Europa", None), pick("CryoSleep", True, False, None)), extras_first=True),
    Spec("spooky-author-identification", Ids("id", "word", prefix="id"), (many(("EAP", "HPL", "MWS"), OneHot()),),
         extras=(), n=12),
    layouts.COVID,
    Spec("statoil-iceberg-classifier-challenge", Ids("id", make=lambda rng, n: [f"{rng.getrandbits(32):08x}" for _ in range(n)]),
         (one("is_iceberg", Binary()),)),
    Spec("tabular-playground-series-dec-2021", Ids("Id"), (one("Cover_Type", Labels((1, 2, 3, 7))),),
         extras=(number("Elevation", 2000, 3500, 0), pick("Soil_Type7", 0, 1)), extras_first=True),
    Spec("tabular-playground-series-may-2022", Ids("id"), (one("target", Binary()),),
         extras=(number("f_00", -3, 3, 6), pick("f_27", "ABABDADBAB", "BCBBDDCAAB")), extras_first=True),
    Spec("tensorflow-speech-recognition-challenge", Ids("fname", make=lambda rng, n: [f"clip_{rng.getrandbits(32):08x}.wav" for _ in range(n)]),
         (one("label", Labels(SPEECH)),)),
    layouts.TF2QA,
    Spec("text-normalization-challenge-english-language", Ids("id", make=_token_ids), (one("after", Words(ENGLISH, (1, 1))),)),
    Spec("text-normalization-challenge-russian-language", Ids("id", make=_token_ids), (one("after", Words(RUSSIAN, (1, 1))),)),
    Spec("tgs-salt-identification-challenge", Ids("id", make=lambda rng, n: [f"{rng.getrandbits(40):010x}" for _ in range(n)]),
         (one("rle_mask", Rle(101, 101)),)),
    Spec("the-icml-2013-whale-challenge-right-whale-redux",
         Ids("clip", make=lambda rng, n: [f"20090404_000000_0{i:02d}s0ms_Test{i}.aif" for i in range(n)]),
         (one("probability", Binary()),)),
    Spec("tweet-sentiment-extraction", Ids("textID", make=lambda rng, n: [f"{rng.getrandbits(40):010x}" for _ in range(n)]),
         (one("selected_text", Words(length=(1, 4))),), extras=(fixed("text", "so happy today, yes"), pick("sentiment", "neutral", "positive")),
         extras_first=True),
    Spec("us-patent-phrase-to-phrase-matching", Ids("id", make=lambda rng, n: [f"{rng.getrandbits(64):016x}" for _ in range(n)]),
         (one("score", Labels((0.0, 0.25, 0.5, 0.75, 1.0))),),
         extras=(fixed("anchor", "abatement"), pick("target", "abatement of pollution", "act of abating"), pick("context", "A47", "F16")),
         extras_first=True),
    layouts.UW_MADISON,
    Spec("ventilator-pressure-prediction", Ids("id", make=lambda rng, n: list(range(1, n + 1))), (one("pressure", Real(5, 30, 4)),),
         extras=(fixed("breath_id", 7), pick("R", 20, 50), pick("C", 10, 50), number("time_step", 0, 3, 4),
                 number("u_in", 0, 30, 4), Extra("u_out", lambda rng, i, row: int(i % 3 == 2))),
         extras_first=True, skipped=lambda row: row["u_out"] == 1),
    layouts.VESUVIUS,
    layouts.VINBIGDATA,
    Spec("whale-categorization-playground", Ids("Image", "file"),
         (one("Id", Tokens(lambda rng, i: rng.choice(WHALES), guess=_label_set(WHALES, 1, 5), sample_value="new_whale")),)),
]

SPECS = {spec.competition: spec for spec in SPECS_LIST}
