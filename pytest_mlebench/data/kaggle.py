"""Kaggle downloads: a competition's data zip (resumed when interrupted) and its leaderboard.

The API calls go through the `kaggle` package's client (kagglesdk). That
client only knows Kaggle's fixed hosts, so `api_url` (default: the address
the client itself uses) is the one seam where tests point it at a local
stand-in server. The zip is streamed into `<name>.part` and renamed when
complete; a later call continues the partial file with an HTTP Range request
instead of starting again. Checking the zip (md5) and unpacking it are the
caller's business (data.py).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from pytest_mlebench.errors import DownloadError

KAGGLE_API = "https://api.kaggle.com"  # what kagglesdk calls in production
CHUNK = 1 << 20
ATTEMPTS = 3  # a dropped connection is resumed this many times before giving up

Progress = Callable[[int, "int | None"], None]  # (bytes so far, total bytes or None)


def rules_url(competition_id: str) -> str:
    return f"https://www.kaggle.com/competitions/{competition_id}/rules"


@dataclass(frozen=True)
class Credentials:
    username: str
    key: str
    source: str  # where they were found, for messages


def find_credentials(environ: dict[str, str] | None = None) -> Credentials | None:
    """Kaggle's usual places: KAGGLE_USERNAME + KAGGLE_KEY, else kaggle.json in
    $KAGGLE_CONFIG_DIR, ~/.kaggle or ~/.config/kaggle (the kaggle CLI's order)."""
    env = os.environ if environ is None else environ
    if env.get("KAGGLE_USERNAME") and env.get("KAGGLE_KEY"):
        return Credentials(env["KAGGLE_USERNAME"], env["KAGGLE_KEY"], "KAGGLE_USERNAME/KAGGLE_KEY")
    if env.get("KAGGLE_CONFIG_DIR"):
        folders = [Path(env["KAGGLE_CONFIG_DIR"])]
    else:
        home = Path(env.get("HOME") or Path.home())
        folders = [home / ".kaggle", Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "kaggle"]
    for folder in folders:
        path = folder / "kaggle.json"
        try:
            record = json.loads(path.read_text())
            return Credentials(str(record["username"]), str(record["key"]), str(path))
        except FileNotFoundError:
            continue
        except (OSError, ValueError, KeyError, TypeError):
            raise DownloadError(f"{path} is not a Kaggle credentials file: it must be JSON with "
                                '"username" and "key" (Kaggle > Settings > API > Create New Token)') from None
    return None


def _client(credentials: Credentials, api_url: str | None):
    from kagglesdk import KaggleClient, KaggleEnv

    client = KaggleClient(env=KaggleEnv.PROD, username=credentials.username, password=credentials.key)
    # The client takes its address from a fixed table (KAGGLE_API_ENVIRONMENT picks
    # localhost:80 at best); this is the only way to reach a stand-in on another port.
    client.http_client()._endpoint = (api_url or KAGGLE_API).rstrip("/")
    return client


def _explain(error: Exception, competition_id: str, credentials: Credentials, what: str) -> DownloadError:
    """A message the user can act on, from what the HTTP layer raised."""
    import requests

    response = getattr(error, "response", None)
    status = response.status_code if response is not None else None
    if status == 403:
        return DownloadError(
            f"Kaggle refused the {what} of {competition_id} (HTTP 403): accept the competition's rules at "
            f"{rules_url(competition_id)} while logged in as {credentials.username!r} "
            f"(credentials from {credentials.source}), then run again")
    if status == 401:
        return DownloadError(
            f"Kaggle did not accept the credentials from {credentials.source} (HTTP 401): check the username "
            "and key, or create a new token at https://www.kaggle.com/settings (API section)")
    if status == 404:
        return DownloadError(f"Kaggle has no competition {competition_id!r} (HTTP 404)")
    if status is not None:
        reason = getattr(response, "reason", "") or ""
        return DownloadError(f"the {what} of {competition_id} from Kaggle failed: HTTP {status} {reason}".rstrip()
                             + "; run again later (a partial download is resumed)")
    if isinstance(error, requests.RequestException):
        return DownloadError(f"the {what} of {competition_id} from Kaggle failed: {error}; "
                             "check the network and run again (a partial download is resumed)")
    return DownloadError(f"the {what} of {competition_id} from Kaggle failed: {error}")


def download_competition_zip(
    competition_id: str,
    dest: Path,
    credentials: Credentials,
    *,
    api_url: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Download the competition's data zip (Kaggle's "download all") to `dest`.

    Bytes go to `dest` + ".part" first; an earlier partial file is continued.
    Raises DownloadError with a message saying what to do."""
    import requests
    from kagglesdk.competitions.types.competition_api_service import (
        ApiDownloadDataFilesRequest,
    )

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    request = ApiDownloadDataFilesRequest()
    request.competition_name = competition_id
    last_error: Exception | None = None
    for _ in range(ATTEMPTS):
        try:
            with _client(credentials, api_url) as client:
                response = client.competitions.competition_api_client.download_data_files(request)
                _stream_into(part, response, progress)
            part.replace(dest)
            return dest
        except requests.HTTPError as error:  # an answer from the server: trying again will not help
            raise _explain(error, competition_id, credentials, "download") from None
        except requests.RequestException as error:  # a dropped connection: resume from what we have
            last_error = error
    raise _explain(last_error, competition_id, credentials, "download") from None


def _stream_into(part: Path, response, progress: Progress | None) -> None:
    """Write the response body to `part`, continuing a partial file when the server allows ranges."""
    import requests

    have = part.stat().st_size if part.exists() else 0
    if have and response.headers.get("Accept-Ranges") == "bytes":
        sent = response.request  # after Kaggle's redirect: the file's own (signed) address
        response.close()
        response = requests.request(sent.method, sent.url, headers={**sent.headers, "Range": f"bytes={have}-"},
                                    data=sent.body, stream=True, timeout=60)
        if response.status_code == 416:  # nothing left to send: the partial file is complete
            return
        response.raise_for_status()
    if response.status_code == 206:
        total = int(response.headers["Content-Range"].rsplit("/", 1)[1])
        mode, done = "ab", have
    else:  # a whole file (no partial, or the server ignored the range)
        length = response.headers.get("Content-Length")
        total = int(length) if length else None
        mode, done = "wb", 0
    with response, open(part, mode) as out:
        for chunk in response.iter_content(CHUNK):
            out.write(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    if total is not None and done < total:
        raise requests.ConnectionError(f"the connection closed after {done} of {total} bytes")


def download_leaderboard(competition_id: str, dest: Path, credentials: Credentials, *, api_url: str | None = None) -> Path:
    """Download the competition's leaderboard CSV (Kaggle sends it zipped) to `dest`."""
    import requests
    from kagglesdk.competitions.types.competition_api_service import (
        ApiDownloadLeaderboardRequest,
    )

    request = ApiDownloadLeaderboardRequest()
    request.competition_name = competition_id
    try:
        with _client(credentials, api_url) as client:
            body = client.competitions.competition_api_client.download_leaderboard(request).content
    except requests.RequestException as error:
        raise _explain(error, competition_id, credentials, "leaderboard download") from None
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if not names:
                raise DownloadError(f"the leaderboard of {competition_id} from Kaggle holds no CSV file")
            body = archive.read(names[0])
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_bytes(body)
    leaderboard_scores(tmp)  # refuse to keep something we cannot read
    tmp.replace(dest)
    return dest


def data_size(competition_id: str, credentials: Credentials, *, api_url: str | None = None) -> int:
    """Bytes of the competition's data files, from Kaggle's file list (no download). Kaggle
    answers 403 here too until the rules are accepted, so this also tells that."""
    import requests
    from kagglesdk.competitions.types.competition_api_service import (
        ApiListDataFilesRequest,
    )

    total, token = 0, None
    try:
        with _client(credentials, api_url) as client:
            while True:
                request = ApiListDataFilesRequest()
                request.competition_name = competition_id
                if token:
                    request.page_token = token
                response = client.competitions.competition_api_client.list_data_files(request)
                total += sum(int(f.total_bytes or 0) for f in response.files)
                token = response.next_page_token
                if not token:
                    return total
    except requests.RequestException as error:
        raise _explain(error, competition_id, credentials, "file list") from None


def leaderboard_scores(path: Path) -> list[float]:
    """The scores of a leaderboard CSV (Kaggle's `Score` column; teams without a score dropped)."""
    try:
        frame = pd.read_csv(path)
    except (ValueError, OSError) as error:
        raise DownloadError(f"{path} is not a readable leaderboard CSV: {error}") from None
    column = next((c for c in frame.columns if str(c).strip().lower() == "score"), None)
    if column is None:
        raise DownloadError(f"{path} has no Score column (columns: {', '.join(map(str, frame.columns))})")
    scores = pd.to_numeric(frame[column], errors="coerce").dropna()
    if scores.empty:
        raise DownloadError(f"{path} has no scores")
    return scores.astype(float).tolist()
