"""The data loaders: shapes and columns, and every way a file can arrive (or fail to)."""

import functools
import hashlib
import http.server
import shutil
import socket
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from utils import datasets

ARCHIVES = list(datasets.registry()["archives"])
LOOSE = list(datasets.registry()["files"])


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A folder laid out like the public site: the loose files and the archives side by side."""
    folder = tmp_path_factory.mktemp("published")
    for name in LOOSE + ARCHIVES:
        member = next(iter(datasets.registry()["archives"][name]["members"]), None) if name in ARCHIVES else None
        source = datasets.data_dir() / name
        if not source.is_file():  # the archive was verified but is fetched on first use
            datasets.path_of(Path(member).name) if member else datasets.path_of(name)
        shutil.copy(source, folder / name)
    return folder


class _Server:
    """A static HTTP server on 127.0.0.1 that records the paths it was asked for."""

    def __init__(self, folder):
        self.requests = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                server.requests.append(self.path)

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(folder):
        servers.append(_Server(folder))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def empty_data_dir(tmp_path, monkeypatch):
    """A fresh data folder with no mirror, so files must be downloaded."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COURSE_DATA_MIRROR", raising=False)
    return tmp_path / "data"


def _closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"  # nothing listens once closed


# --- the loaders ---------------------------------------------------------------------------------

def test_fish():
    fish = datasets.load_fish()
    assert fish.shape == (85, 7)
    assert list(fish.columns) == datasets.FISH_COLUMNS
    assert fish["species"].value_counts().to_dict() == {"Bream": 34, "Roach": 20, "Pike": 17, "Smelt": 14}


def test_grains():
    grains = datasets.load_grains()
    assert grains.shape == (210, 8)
    assert grains["variety"].value_counts().to_dict() == {"Kama": 70, "Rosa": 70, "Canadian": 70}
    assert grains.drop(columns="variety").dtypes.eq(float).all()


def test_stocks():
    stocks = datasets.load_stocks()
    assert stocks.shape == (60, 963)
    assert stocks.index.name == "company" and "Apple" in stocks.index
    assert isinstance(stocks.columns, pd.DatetimeIndex)
    assert stocks.columns[0] == pd.Timestamp("2010-01-04") and stocks.columns[-1] == pd.Timestamp("2013-10-29")


def test_eurovision():
    votes = datasets.load_eurovision()
    assert votes.shape == (1066, 11)
    assert {"from_country", "to_country", "jury_a", "televote_points"} <= set(votes.columns)
    assert votes["jury_points"].isna().sum() == 646


def test_lcd_digits():
    digits = datasets.load_lcd_digits()
    assert digits.shape == (100, 104)
    assert set(np.unique(digits.to_numpy())) == {0.0, 1.0}
    assert digits.iloc[0].to_numpy().reshape(datasets.LCD_SHAPE).shape == (13, 8)


def test_artists():
    plays = datasets.load_artists()
    assert plays.shape == (2894, 4)
    assert list(plays.columns) == ["user", "artist_id", "artist", "playcount"]
    assert plays["user"].nunique() == 500 and plays["artist_id"].nunique() == 111
    assert "Motörhead" in set(plays["artist"])


def test_wikipedia():
    tfidf = datasets.load_wikipedia()
    assert tfidf.shape == (60, 13125)
    assert tfidf.index.name == "article" and "Cristiano Ronaldo" in tfidf.index
    assert tfidf.columns[0] == "aaron" and tfidf.columns[-1] == "zoo"
    assert (tfidf.to_numpy() != 0).sum() == 42091


def test_wine():
    wine = datasets.load_wine()
    assert wine.shape == (178, 15)
    assert wine["class_name"].value_counts().to_dict() == {"Grignolino": 71, "Barolo": 59, "Barbera": 48}


def test_unknown_file_names_the_known_ones():
    with pytest.raises(datasets.DatasetError, match="not a course data file.*fish.csv"):
        datasets.path_of("fishes.csv")


# --- where files come from ---------------------------------------------------------------------

def test_download_from_http_server(published, serve, empty_data_dir, monkeypatch):
    """With no local copy and no mirror, every file is downloaded, verified and kept."""
    server = serve(published)
    monkeypatch.setenv("COURSE_DATA_URL", server.url)
    paths = datasets.fetch_all()
    assert sorted(p.lstrip("/") for p in server.requests) == sorted(n.replace(" ", "%20") for n in LOOSE + ARCHIVES)
    for path in paths:
        assert path.is_relative_to(empty_data_dir)
    assert datasets.load_wikipedia().shape == (60, 13125)
    # A second run finds everything locally and downloads nothing.
    server.requests.clear()
    datasets.fetch_all()
    assert server.requests == []


def test_corrupt_download_is_an_error_and_nothing_is_kept(published, serve, empty_data_dir, monkeypatch, tmp_path):
    corrupt = tmp_path / "corrupt"
    shutil.copytree(published, corrupt)
    (corrupt / "fish.csv").write_text("<html>Not found</html>")
    monkeypatch.setenv("COURSE_DATA_URL", serve(corrupt).url)
    with pytest.raises(datasets.DatasetError) as info:
        datasets.load_fish()
    message = str(info.value)
    assert "corrupt" in message and "sha256" in message and "What to do" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__  # one clear error
    assert not any(empty_data_dir.iterdir()), "a corrupt download must leave nothing behind"


def test_corrupt_archive_is_an_error_and_nothing_is_kept(published, serve, empty_data_dir, monkeypatch, tmp_path):
    corrupt = tmp_path / "corrupt"
    shutil.copytree(published, corrupt)
    (corrupt / "Grains.zip").write_bytes((corrupt / "Grains.zip").read_bytes()[:-100])  # truncated
    monkeypatch.setenv("COURSE_DATA_URL", serve(corrupt).url)
    with pytest.raises(datasets.DatasetError, match="corrupt"):
        datasets.load_grains()
    assert not any(empty_data_dir.iterdir())


def test_corrupt_mirror_copy_is_an_error(published, empty_data_dir, monkeypatch, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "wine.csv").write_bytes((published / "wine.csv").read_bytes().replace(b"Barolo", b"Barola"))
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(mirror))
    with pytest.raises(datasets.DatasetError, match="mirror folder .* is corrupt"):
        datasets.load_wine()
    assert not any(empty_data_dir.iterdir())


def test_mirror_is_used_before_the_network(published, empty_data_dir, monkeypatch, tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "archives").mkdir(parents=True)
    shutil.copy(published / "fish.csv", mirror)
    shutil.copy(published / "Grains.zip", mirror / "archives")
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(mirror))
    monkeypatch.setenv("COURSE_DATA_URL", _closed_port_url())
    assert datasets.load_fish().shape == (85, 7)
    assert datasets.load_grains().shape == (210, 8)
    assert _sha256(empty_data_dir / "fish.csv") == datasets.registry()["files"]["fish.csv"]["sha256"]


def test_damaged_local_copy_is_replaced(published, empty_data_dir, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_MIRROR", str(published))
    datasets.load_fish()
    (empty_data_dir / "fish.csv").write_text("edited by mistake")
    assert datasets.load_fish().shape == (85, 7)


def test_missing_file_without_network_says_what_to_do(empty_data_dir, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_URL", _closed_port_url())
    with pytest.raises(datasets.DatasetError) as info:
        datasets.load_stocks()
    message = str(info.value)
    assert "Could not get 'company-stock-movements-2010-2015-incl.csv'" in message
    assert "COURSE_DATA_MIRROR" in message and "What to do" in message
    assert info.value.__suppress_context__  # no chained traceback from the HTTP library
    assert not empty_data_dir.exists() or not any(empty_data_dir.iterdir())


def test_registry_matches_the_offline_mirror():
    """Every file in the registry is the file the course publishes (the mirror holds verified copies)."""
    import os

    mirror = os.environ.get("COURSE_DATA_MIRROR")
    if not mirror:
        pytest.skip("COURSE_DATA_MIRROR is not set")
    mirror = Path(mirror)
    for name, entry in datasets.registry()["files"].items():
        assert _sha256(mirror / name) == entry["sha256"], name
    for name, entry in datasets.registry()["archives"].items():
        assert _sha256(mirror / "archives" / name) == entry["sha256"], name
        for member, sha in entry["members"].items():
            assert _sha256(mirror / Path(member).name) == sha, member


def test_no_data_file_is_committed():
    """Data files are fetched and verified, never committed: only the registry and the cards are."""
    import subprocess

    root = Path(datasets.__file__).resolve().parent.parent
    result = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    if result.returncode:
        pytest.skip("not a git checkout")
    tracked = result.stdout.splitlines()
    names = set(LOOSE) | set(ARCHIVES) | {Path(m).name for a in datasets.registry()["archives"].values()
                                          for m in a["members"]}
    assert [p for p in tracked if p.startswith("data/")] == ["data/README.md", "data/registry.toml"]
    assert not [p for p in tracked if Path(p).name in names]
