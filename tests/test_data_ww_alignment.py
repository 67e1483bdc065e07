"""The Pfam WW-domain alignment (notebook 07): provenance, checksum, shape and A2M conventions."""
import numpy as np
import pytest

from course_utils import alignment, data


@pytest.fixture(scope="module")
def msa():
    return data.load("ww_domain_alignment")


def test_registry_entry_has_provenance():
    entry = data.registry()["ww_domain_alignment"]
    assert entry["format"] == "table"
    assert entry["source"]["doi"] == "10.1093/bioinformatics/btz921"
    assert entry["source"]["package"].startswith("logomaker") and entry["source"]["version"] == "0.8.7"
    assert "CC0" in entry["license"]
    assert entry["build"]["script"] == "data/build/build_ww_alignment.py"
    assert entry["bytes"] < 200_000
    assert data.verify(["ww_domain_alignment"]) == {"ww_domain_alignment": "ok"}


def test_one_row_per_domain_all_44_columns(msa):
    assert list(msa.columns) == ["id", "sequence"]
    assert msa.shape == (4025, 2)
    assert msa.id.is_unique
    assert set(msa.sequence.str.len()) == {44}


def test_a2m_match_columns_and_yap1(msa):
    aligned = np.array([list(s) for s in msa.sequence])
    is_match = ~((aligned == ".") | np.char.islower(aligned)).any(axis=0)
    assert is_match.sum() == 31
    yap1 = msa.sequence[msa.id == "P46937/173-202"].item()
    match = "".join(np.array(list(yap1))[is_match])
    assert match == "LPAGWEMAKTSS-GQRYFLNHIDQTTTWQDP"
    # every row encodes: only amino acids, gaps and X
    assert alignment.one_hot_alignment(msa.sequence.tolist()).shape == (4025, 21, 44)
