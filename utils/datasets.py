"""The course's eight real datasets, as tidy pandas objects.

Each file is looked for, in this order:

1. in the data folder (``data/`` in the project, or the folder named by ``COURSE_DATA_DIR``);
2. in the offline mirror folder named by ``COURSE_DATA_MIRROR`` (loose files at its top,
   archives at its top or under ``archives/``), copied into the data folder;
3. at its public address (``data/registry.toml``; ``COURSE_DATA_URL`` replaces the base address,
   for example to use a local mirror served over HTTP).

Whatever the source, a file is used only if its sha256 matches the registry; one that does not
is deleted at once, so a bad copy is never kept. Any failure raises :class:`DatasetError`, whose
message says what went wrong and what to do.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd
import pooch

PROJECT_DIR = Path(__file__).resolve().parent.parent
REGISTRY_FILE = PROJECT_DIR / "data" / "registry.toml"

# pooch reports each download at INFO level on stderr; in a graded cell that would cost points.
pooch.get_logger().setLevel("WARNING")


class DatasetError(RuntimeError):
    """A course data file is missing, could not be fetched, or failed its checksum."""


@cache
def registry() -> dict:
    """The registry: ``base_url``, ``files`` (loose files) and ``archives`` (with ``members``)."""
    with open(REGISTRY_FILE, "rb") as f:
        return tomllib.load(f)


def data_dir() -> Path:
    """The folder where verified data files are kept."""
    return Path(os.environ.get("COURSE_DATA_DIR") or PROJECT_DIR / "data")


def _base_url() -> str:
    url = os.environ.get("COURSE_DATA_URL") or registry()["base_url"]
    return url if url.endswith("/") else url + "/"


def _mirror_copy(fname: str) -> Path | None:
    """The copy of ``fname`` in the offline mirror, if there is a mirror and it has one."""
    mirror = os.environ.get("COURSE_DATA_MIRROR")
    if not mirror:
        return None
    for candidate in (Path(mirror) / fname, Path(mirror) / "archives" / fname):
        if candidate.is_file():
            return candidate
    return None


def _what_to_do(fname: str) -> str:
    url = _base_url() + fname.replace(" ", "%20")
    return (
        "What to do: connect to the internet and run this cell again; "
        f"or download {url} yourself and save it as {data_dir() / fname}; "
        "or set COURSE_DATA_MIRROR to a folder that holds the course's data files "
        "(for example `export COURSE_DATA_MIRROR=/path/to/shared/data`) and restart the kernel."
    )


def _readable_by_all(path: Path) -> Path:
    """Data files are public: make a fetched file readable by every user (a grading sandbox runs as nobody)."""
    mode = path.stat().st_mode
    if not mode & 0o004:
        path.chmod(mode | 0o444)
    return path


def _fetch(fname: str, sha256: str) -> Path:
    """Path of the verified file ``fname`` in the data folder, fetching it if needed."""
    target = data_dir() / fname
    if target.is_file() and pooch.file_hash(str(target)) == sha256:
        return _readable_by_all(target)  # (pooch would also insist that the folder be writable)
    mirror_copy = _mirror_copy(fname)
    if mirror_copy is not None:
        source = f"the mirror folder {mirror_copy.parent}"

        def downloader(url, output_file, pooch_instance):
            shutil.copyfile(mirror_copy, output_file)
    else:
        source = _base_url() + fname.replace(" ", "%20")
        downloader = pooch.HTTPDownloader(timeout=30, progressbar=False)

    store = pooch.create(
        path=data_dir(),
        base_url=_base_url(),
        registry={fname: f"sha256:{sha256}"},
        urls={fname: _base_url() + fname.replace(" ", "%20")},
    )
    try:
        return _readable_by_all(Path(store.fetch(fname, downloader=downloader)))
    except ValueError as err:  # pooch's checksum mismatch; it has already deleted the bad copy
        got = re.search(r"got (\w+)", str(err))
        raise DatasetError(
            f"The copy of {fname!r} from {source} is corrupt or is not the course's file: its sha256 "
            f"is {got.group(1) if got else 'different'}, the registry expects {sha256}. "
            "Nothing was kept. " + _what_to_do(fname)
        ) from None
    except OSError as err:  # no network, refused connection, HTTP error, unreadable mirror
        raise DatasetError(
            f"Could not get {fname!r}: it is not in the data folder {data_dir()}, "
            + ("" if mirror_copy else "not in an offline mirror (COURSE_DATA_MIRROR), ")
            + f"and fetching it from {source} failed ({type(err).__name__}: {err}). "
            + _what_to_do(fname)
        ) from None


def path_of(name: str) -> Path:
    """Local path of a verified data file, e.g. ``path_of("fish.csv")`` or ``path_of("seeds.csv")``.

    Archive members are named by their file name alone; the archive is fetched, verified and the
    member extracted into ``data/<archive stem>/``.
    """
    reg = registry()
    if name in reg["files"]:
        return _fetch(name, reg["files"][name]["sha256"])
    for archive, entry in reg["archives"].items():
        for member, member_sha256 in entry["members"].items():
            if Path(member).name == name:
                return _extract(archive, entry["sha256"], member, member_sha256)
    known = sorted(reg["files"]) + sorted(Path(m).name for a in reg["archives"].values() for m in a["members"])
    raise DatasetError(f"{name!r} is not a course data file. Known files: {', '.join(known)}.")


def _extract(archive: str, sha256: str, member: str, member_sha256: str) -> Path:
    target = data_dir() / member
    if target.is_file() and pooch.file_hash(str(target)) == member_sha256:
        return _readable_by_all(target)
    archive_path = _fetch(archive, sha256)
    pooch.Unzip(members=[member], extract_dir=str(data_dir()))(str(archive_path), "download", None)
    if pooch.file_hash(str(target)) != member_sha256:
        target.unlink()
        raise DatasetError(
            f"{member!r} extracted from {archive!r} does not match its sha256 in the registry; "
            "it was deleted. " + _what_to_do(archive)
        )
    return _readable_by_all(target)


# --- loaders -------------------------------------------------------------------------------------

FISH_COLUMNS = ["species", "weight", "length1", "length2", "length3", "height", "width"]
GRAIN_COLUMNS = ["area", "perimeter", "compactness", "kernel_length", "kernel_width",
                 "asymmetry", "groove_length"]
GRAIN_VARIETIES = {1: "Kama", 2: "Rosa", 3: "Canadian"}
LCD_SHAPE = (13, 8)


def load_fish() -> pd.DataFrame:
    """85 fish of 4 species: ``species`` then six measurements.

    ``weight`` in grams; ``length1``/``length2``/``length3`` in cm (nose to the start, the notch
    and the end of the tail); ``height`` and ``width`` in % of ``length3``.
    """
    return pd.read_csv(path_of("fish.csv"), header=None, names=FISH_COLUMNS)


def load_grains() -> pd.DataFrame:
    """210 wheat kernels (UCI "seeds"): seven measurements and the ``variety`` (70 of each)."""
    df = pd.read_csv(path_of("seeds.csv"), header=None, names=[*GRAIN_COLUMNS, "variety"])
    df["variety"] = df["variety"].map(GRAIN_VARIETIES)
    return df


def load_stocks() -> pd.DataFrame:
    """Daily price movements (close minus open, in dollars) of 60 companies over 963 trading days.

    Rows are companies (index ``company``), columns are trading dates (index ``date``).
    """
    df = pd.read_csv(path_of("company-stock-movements-2010-2015-incl.csv"), index_col=0)
    df.index.name = "company"
    df.columns = pd.to_datetime(df.columns)
    df.columns.name = "date"
    return df


def load_eurovision() -> pd.DataFrame:
    """Eurovision 2016 votes: one row per (``from_country``, ``to_country``) pair, 1066 rows.

    ``jury_a`` … ``jury_e`` are the five jurors' ranks; ``jury_rank`` and ``televote_rank`` the
    combined ranks (1 best); ``jury_points`` and ``televote_points`` are NaN where no points were given.
    """
    df = pd.read_csv(path_of("eurovision-2016.csv"))
    df.columns = [c.lower().replace(" ", "_") for c in df.columns]
    return df


def load_lcd_digits() -> pd.DataFrame:
    """100 images of an LCD digit display, 13 x 8 pixels (0 or 1), one image per row.

    Column ``pixel_r_c`` is the pixel in row ``r`` and column ``c``;
    ``df.iloc[i].to_numpy().reshape(LCD_SHAPE)`` is image ``i``.
    """
    names = [f"pixel_{r}_{c}" for r in range(LCD_SHAPE[0]) for c in range(LCD_SHAPE[1])]
    return pd.read_csv(path_of("lcd-digits.csv"), header=None, names=names)


def load_artists() -> pd.DataFrame:
    """Listening counts of 500 users for 111 musical artists (Last.fm sample), one row per pair.

    Columns: ``user`` (0-499), ``artist_id`` (0-110), ``artist`` (name) and ``playcount``.
    """
    plays = pd.read_csv(path_of("scrobbler-small-sample.csv"))
    names = pd.read_csv(path_of("artists.csv"), header=None, names=["artist"])["artist"]
    plays = plays.rename(columns={"user_offset": "user", "artist_offset": "artist_id"})
    plays.insert(2, "artist", names.to_numpy()[plays["artist_id"]])
    return plays


def load_wikipedia() -> pd.DataFrame:
    """tf-idf of 60 Wikipedia articles: rows are articles (index ``article``), columns the 13,125 words.

    Most entries are 0; ``scipy.sparse.csr_array(df.to_numpy())`` gives the sparse matrix.
    """
    words_by_article = pd.read_csv(path_of("wikipedia-vectors.csv"), index_col=0)
    vocabulary = path_of("wikipedia-vocabulary-utf8.txt").read_text(encoding="utf-8").splitlines()
    df = words_by_article.T
    df.columns = pd.Index(vocabulary, name="word")
    df.index.name = "article"
    return df


def load_wine() -> pd.DataFrame:
    """178 Italian wines of 3 cultivars: ``class_label``, ``class_name`` and 13 chemical measurements."""
    return pd.read_csv(path_of("wine.csv"))


def fetch_all() -> list[Path]:
    """Fetch and verify every course data file (used by the set-up command)."""
    reg = registry()
    names = list(reg["files"]) + [Path(m).name for a in reg["archives"].values() for m in a["members"]]
    return [path_of(name) for name in names]


if __name__ == "__main__":
    for path in fetch_all():
        print(f"ok  {path}")
