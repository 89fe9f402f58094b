"""read_submission(read="inferred") gives the frame MLE-bench's pandas 2.2.2 reads with
float_precision="round_trip": each file is read by pandas 2.2.2 in the differential oracle's
environment and compared cell by cell (dtype, values, NaN positions, signs of zero)."""

from __future__ import annotations

import json
import math
import subprocess

import pandas as pd
import pytest

from pytest_mlebench.grading.checks import read_submission

FILES = {
    "hex_ids_blank": "id,p\n8e553d24aa01,\n8e553d24aa02,0.5\nabc,0.25\n",
    "hex_ids_blank_many": "id,p,q\n8e553d24aa01,,1\n1e5,0.5,\n3e999,2,3\n",
    "ids_leading_zeros": "id,p\n001,0.1\n002,0.2\n",
    "ids_1e5": "id,p\n1e5,1\n2,2\n",
    "inf_words": "id,p,q\n1,inf,Infinity\n2,-INF,+inf\n3,1,-infinity\n",
    "inf_spaced": "id,p\n1, inf\n2,1\n",
    "overflow_float": "id,p,q\n1,1e999,-1e999\n2,2,3\n",
    "nan_strings": "id,p\n" + "".join(f"{i},{s}\n" for i, s in enumerate(
        ["NA", "null", "None", "-NaN", "1.#QNAN", "n/a", "<NA>", "NULL", "nan", "-nan", "#N/A", "N/A", "NaN", "", "1.5"])),
    "nan_like_text": "id,p\n1,+nan\n2,NAN\n3,1\n",
    "negative_zero": "id,a,b,c\n1,-0,-0.0,-0\n2,1,1,\n",
    "huge_ints": "id,a,b,c,d,e,f\n1,99999999999999999999999,18446744073709551615,9223372036854775808,-9223372036854775809,1.5,9223372036854775807\n"
                 "2,1,5,,-1,99999999999999999999999,\n",
    "huge_ints_order": "id,a,b,c\n1,99999999999999999999999,9223372036854775808,-9223372036854775809\n2,1.5,1.5,1.5\n",
    "uint64": "id,a\n1,18446744073709551615\n2,0\n",
    "uint64_negative": "id,a\n1,-1\n2,18446744073709551615\n",
    "booleans": "id,a,b,c,d\n1,True,true,TRUE,True\n2,False,FALSE,fAlSe,\n3,True,False,True,1\n",
    "quoted_numbers": 'id,p,q\n"1","1.5"," 2 "\n"2","2.5",3\n',
    "spaces": "id,p,q\n1, 1.5 , 7 \n2,2,\t8\n3,  ,9\n",
    "crlf": "id,p\r\n1,0.5\r\n2,\r\n3,0.25\r\n",
    "bom": "\ufeffid,p\n1,0.5\n2,0.75\n",
    "long_decimals": "id,p\n1,0.1000000000000000055511151231257827021181583404541015625\n"
                     "2,3.14159265358979323846264338327950288419716939937510\n3,2.2250738585072011e-308\n4,1e-400\n",
    "underscore_ids": "PassengerId,Transported,g\n0013_01,True,x\n0018_01,False,1\n0019_01,,1_0\n",
    "underscore_after_number": "id,a,b\n1,12,1\n2,1_000,true\n3,7,2\n",
    "bool_then_number": "id,a,b\n1,true,False\n2,1,TRUE\n3,,false\n",
    "underscores_hex": "id,a,b\n1,1_0,0x10\n2,2,3\n",
    "all_blank": "id,p\n1,\n2,\n",
    "text_with_na": "id,label\n1,cat\n2,\n3,NA\n4,dog\n",
    "dots_signs": "id,a,b,c\n1,.5,+5,5.\n2,1E5,+0,-.5\n",
    "unicode": "id,a,b\n1,café,١٢\n2,x,3\n",
    "extra_field_index": "a,b\n1,2,3\n4,5,6\n",
    "extra_field_after_blank_lines": "\na,b\n\n0,2,3\n1,5,6\n",
    "quoted_newline_not_an_index": 'id,p\n"a\nb,c",0.5\n2,0.25\n',
    "fewer_fields_first": "id,p,q\n1,0.5\n2,0.25,3\n",
}

CELL = r"""
import math
def cell(v):
    if isinstance(v, float):
        return ["float", repr(v) if not math.isnan(v) else "nan", math.copysign(1, v) if v == 0 else None]
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return ["bool", bool(v)]
    if isinstance(v, int) or type(v).__name__.startswith(("int", "uint")):
        return ["int", int(v)]
    return ["text", str(v)]
def describe(frame):
    cols = {str(c): [str(frame[c].dtype), [cell(v) for v in frame[c].tolist()]] for c in frame.columns}
    index = None if type(frame.index).__name__ == "RangeIndex" else [cell(v) for v in frame.index.tolist()]
    return {"columns": [str(c) for c in frame.columns], "cols": cols, "index": index}
"""
ORACLE_SCRIPT = CELL + r"""
import json, sys
import pandas as pd
print(json.dumps({name: describe(pd.read_csv(path, float_precision="round_trip"))
                  for name, path in json.loads(sys.argv[1]).items()}))
"""


def _describe(frame: pd.DataFrame) -> dict:
    namespace: dict = {}
    exec(CELL, namespace)
    return namespace["describe"](frame)


def _same_dtype(ours: str, theirs: str) -> bool:
    text = {"object", "str", "string"}
    return ours == theirs or (ours in text and theirs in text)


@pytest.fixture(scope="module")
def pandas22(tmp_path_factory):
    from tests.competitions.differential import oracle

    try:
        python = oracle.oracle_python()
    except (oracle.OracleUnavailable, FileNotFoundError) as exc:
        pytest.skip(f"no pandas 2.2 oracle environment: {exc}")
    folder = tmp_path_factory.mktemp("inferred")
    paths = {}
    for name, text in FILES.items():
        path = folder / f"{name}.csv"
        path.write_bytes(text.encode("utf-8"))
        paths[name] = str(path)
    run = subprocess.run([str(python), "-c", ORACLE_SCRIPT, json.dumps(paths)], capture_output=True, text=True, check=True)
    return paths, json.loads(run.stdout)


@pytest.mark.parametrize("name", sorted(FILES))
def test_inferred_read_matches_pandas_2_2(pandas22, name):
    paths, theirs = pandas22
    ours = _describe(read_submission(paths[name], read="inferred"))
    expected = theirs[name]
    assert ours["columns"] == expected["columns"]
    assert ours["index"] == expected["index"]
    for column in expected["columns"]:
        (our_dtype, our_cells), (their_dtype, their_cells) = ours["cols"][column], expected["cols"][column]
        assert _same_dtype(our_dtype, their_dtype), (column, our_dtype, their_dtype)
        assert our_cells == their_cells, column


def test_blank_after_hex_id_is_missing_not_zero(tmp_path):
    """The pandas 3 bug this reading avoids: a blank prediction after a hex id that looks like 8e553..."""
    path = tmp_path / "s.csv"
    path.write_text("id,p\n8e553d24aa01,\n8e553d24aa02,0.5\n", encoding="utf-8")
    frame = read_submission(path, read="inferred")
    assert math.isnan(frame["p"].iloc[0]) and frame["p"].iloc[1] == 0.5
