"""The environment: environment.yml (for conda users) must ask for what pyproject.toml asks for, and
`make setup` gives JupyterLab the course's defaults."""

import json
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _as_pairs(requirements):
    """{name: specifier} for a list of requirement strings, names normalised."""
    pairs = {}
    for text in requirements:
        req = Requirement(text)
        pairs[req.name.lower().replace("_", "-")] = str(req.specifier)
    return pairs


def test_environment_yml_matches_pyproject():
    project = _pyproject()
    wanted = _as_pairs(project["project"]["dependencies"] + project["dependency-groups"]["dev"])
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda_specs = _as_pairs(d.replace(" ", "") for d in conda if isinstance(d, str) and d != "pip")
    python_spec = conda_specs.pop("python")
    assert conda_specs == wanted, (
        "environment.yml and pyproject.toml ask for different packages or versions:\n"
        f"  only in pyproject.toml: { {k: v for k, v in wanted.items() if conda_specs.get(k) != v} }\n"
        f"  only in environment.yml: { {k: v for k, v in conda_specs.items() if wanted.get(k) != v} }"
    )
    assert python_spec == project["project"]["requires-python"]


def test_environment_yml_installs_the_helper_package():
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    pip_section = next(d["pip"] for d in conda if isinstance(d, dict))
    assert any(line.split("#")[0].split() == ["--editable", "."] for line in pip_section)


def test_lock_file_is_current():
    """uv.lock must be resolved from the current pyproject.toml (run `uv lock` after editing it)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    project = _pyproject()
    entry = next(p for p in lock["package"] if p["name"] == project["project"]["name"])

    def locked(deps):
        return {d["name"]: str(SpecifierSet(d.get("specifier", ""))) for d in deps}

    assert locked(entry["metadata"]["requires-dist"]) == _as_pairs(project["project"]["dependencies"])
    assert locked(entry["metadata"]["requires-dev"]["dev"]) == _as_pairs(project["dependency-groups"]["dev"])


def test_jupyterlab_opens_without_asking_learners_about_news():
    overrides = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings = json.loads(overrides.read_text())["@jupyterlab/apputils-extension:notification"]
    assert settings == {"fetchNews": "false", "checkForUpdates": False}
