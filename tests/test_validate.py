"""course_utils.validate: the one validator. A good input passes; each bad one raises with the course message."""
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from course_utils import validate


def test_the_module_docstring_lists_every_public_function():
    public = {name for name, obj in vars(validate).items()
              if callable(obj) and not name.startswith("_") and getattr(obj, "__module__", "") == validate.__name__}
    listed = set(re.findall(r"``(\w+)``", validate.__doc__))
    assert public <= listed, f"not in validate's docstring: {sorted(public - listed)}"


def test_validate_imports_no_torch():
    code = "import sys, course_utils.validate; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_numbers():
    assert validate.numbers([1, 0, 1], "y").tolist() == [1, 0, 1]
    assert validate.numbers(np.zeros((3, 1)), "y").shape == (3,)                    # a column is flattened
    assert validate.numbers(torch.ones(2, 3), "y").shape == (2, 3)                  # other shapes: the caller checks
    assert validate.numbers(pd.Series([0.5, 1.5]), "y").dtype == np.float64
    with pytest.raises(TypeError, match="must be a 1-D array of numbers, got str"):
        validate.numbers("0101", "y_true")
    with pytest.raises(TypeError, match=r"pass one column, df\['name'\]"):
        validate.numbers(pd.DataFrame({"a": [1]}), "y_true")
    with pytest.raises(TypeError, match="y must hold numbers, got dtype <U1"):
        validate.numbers(["a", "b"], "y")
    with pytest.raises(TypeError, match="got NoneType"):
        validate.numbers(None, "y")


def test_values():
    v = validate.values(pd.Series([1, 2.5], dtype=object), "y")
    assert v.dtype == np.float64 and v.tolist() == [1.0, 2.5]
    assert validate.values(np.ones((4, 1), dtype=np.float32), "y").shape == (4,)
    with pytest.raises(ValueError, match=r"y must be 1-D \(one value per sequence\), got shape \(2, 3\)"):
        validate.values(np.ones((2, 3)), "y")
    with pytest.raises(ValueError, match="y is empty"):
        validate.values([], "y")
    with pytest.raises(ValueError, match="y contains 2 NaN or infinite values: drop those rows first"):
        validate.values([1.0, np.nan, np.inf], "y")
    with pytest.raises(TypeError, match="y must hold numbers"):
        validate.values(["a", 1], "y")


def test_labels_and_scores():
    t, s = validate.labels_and_scores([0, 1, 1], np.array([[0.1], [0.9], [0.4]]), binary=True)
    assert t.shape == s.shape == (3,)
    with pytest.raises(ValueError, match="y_true has 3 values but y_score has 2"):
        validate.labels_and_scores([0, 1, 1], [0.1, 0.2], binary=False)
    with pytest.raises(ValueError, match="evaluate one column at a time"):
        validate.labels_and_scores(np.zeros((3, 2)), np.zeros((3, 2)), binary=False)
    with pytest.raises(ValueError, match="empty input"):
        validate.labels_and_scores([], [], binary=False)
    with pytest.raises(ValueError, match="y_score contains 1 NaN values"):
        validate.labels_and_scores([0, 1], [0.1, np.nan], binary=True)
    with pytest.raises(ValueError, match="y_true must hold 0/1 labels, got values"):
        validate.labels_and_scores([0, 2], [0.1, 0.2], binary=True)
    with pytest.raises(ValueError, match="holds only one class"):
        validate.labels_and_scores([1, 1], [0.1, 0.2], binary=True)
    assert validate.labels_and_scores([3.0, 2.0], [1, 2], binary=False)[0].tolist() == [3.0, 2.0]


def test_matrix():
    X = validate.matrix(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}))
    assert isinstance(X, np.ndarray) and X.shape == (2, 2)
    assert validate.matrix(torch.ones(1, 3), "Y", min_rows=1).shape == (1, 3)
    with pytest.raises(TypeError, match=r"X must be a 2-D numeric array \(samples x genes\), got str"):
        validate.matrix("X")
    with pytest.raises(TypeError, match="drop the 'sample' column first"):
        validate.matrix(pd.DataFrame({"sample": ["p1", "p2"], "g": [1.0, 2.0]}))
    with pytest.raises(ValueError, match=r"must be 2-D \(samples x genes\), got shape \(3,\)"):
        validate.matrix(np.ones(3))
    with pytest.raises(ValueError, match="need at least 3 samples and 1 gene"):
        validate.matrix(np.ones((2, 4)), min_rows=3)
    with pytest.raises(ValueError, match="contains 1 NaN or infinite values: impute or drop them first"):
        validate.matrix(np.array([[1.0, np.nan], [1.0, 2.0]]))


def test_model():
    m = nn.Linear(2, 1)
    assert validate.model(m) is m
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        validate.model("m")
    with pytest.raises(TypeError, match="extractor must be a torch.nn.Module, got function"):
        validate.model(lambda x: x, "extractor")


def test_tensor():
    t = validate.tensor(np.ones((2, 3)), "X")
    assert t.dtype == torch.float32 and t.shape == (2, 3)
    assert validate.tensor(np.array([1, 2]), "y").dtype == torch.int64            # class indices stay integers
    assert validate.tensor(torch.ones(2, dtype=torch.float64), "X").dtype == torch.float32
    assert validate.tensor(pd.Series([1.0, 2.0]), "y").dtype == torch.float32
    with pytest.raises(TypeError, match="X must be a numeric array, got str"):
        validate.tensor("ACGT", "X")
    with pytest.raises(TypeError, match=r"encode sequences first \(encoding.one_hot_dna\)"):
        validate.tensor(np.array(["ACGT", "TTTT"]), "X")


def test_examples():
    X, y = validate.examples((np.ones((4, 2)), np.zeros(4)), "train")
    assert X.shape == (4, 2) and y.shape == (4,)
    with pytest.raises(TypeError, match=r"train must be a tuple \(X, y\) of arrays"):
        validate.examples(np.ones((4, 2)), "train")
    with pytest.raises(ValueError, match="valid: X has 4 rows but y has 3"):
        validate.examples((np.ones((4, 2)), np.zeros(3)), "valid")
    with pytest.raises(ValueError, match="must have a first \\(sample\\) dimension"):
        validate.examples((np.float32(1.0), np.zeros(1)), "train")
    with pytest.raises(ValueError, match=r"train is empty \(0 examples\)"):
        validate.examples((np.ones((0, 2)), np.zeros(0)), "train")
    X = np.ones((5, 2))
    X[1, 0] = X[3, 1] = np.nan
    with pytest.raises(ValueError, match="train X contains NaN or infinite values in 2 of 5 examples"):
        validate.examples((X, np.zeros(5)), "train")


def test_count():
    assert validate.count(np.int64(3), "n") == 3 and type(validate.count(np.int64(3), "n")) is int
    assert validate.count(0, "flank", minimum=0) == 0
    with pytest.raises(ValueError, match="n must be at least 1, got 0"):
        validate.count(0, "n")
    with pytest.raises(ValueError, match="k must be between 1 and 8, got 9"):
        validate.count(9, "k", 1, 8)
    for bad in (2.0, True, "3", None):
        with pytest.raises(TypeError, match="n must be a whole number, got"):
            validate.count(bad, "n")
    with pytest.raises(ValueError, match="epochs must be a whole number of at least 1, such as 20; got 0"):
        validate.count(0, "epochs", example=20)
    with pytest.raises(TypeError, match="patience must be a whole number of at least 1, such as 5; got float 0.5"):
        validate.count(0.5, "patience", example=5)
    with pytest.raises(ValueError, match="k must be a whole number from 1 to 8, such as 4; got 0"):
        validate.count(0, "k", 1, 8, example=4)


def test_positive():
    assert validate.positive(1e-3, "lr") == 1e-3 and validate.positive(0, "weight_decay", zero=True) == 0.0
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="lr must be a positive number below 10, such as 1e-3; got"):
            validate.positive(bad, "lr", example="1e-3", below=10)
    with pytest.raises(ValueError, match="below 10"):
        validate.positive(10, "lr", below=10)
    with pytest.raises(ValueError, match="weight_decay must be a non-negative number"):
        validate.positive(-1e-4, "weight_decay", zero=True)
    for bad in (True, "0.1", None):
        with pytest.raises(TypeError, match="lr must be a positive number"):
            validate.positive(bad, "lr")


def test_choice():
    assert validate.choice(np.int64(2), (1, 2, 3), "k") == 2
    assert validate.choice("cluster", ["cluster", "random"], "method") == "cluster"
    with pytest.raises(ValueError, match=r"k must be 1 \(amino acids\), 2 \(dipeptides\) or 3 \(tripeptides\), got 4"):
        validate.choice(4, {1: "amino acids", 2: "dipeptides", 3: "tripeptides"}, "k")
    for bad in (2.0, True, "2", None, [2]):
        with pytest.raises(ValueError, match="k must be 1, 2 or 3, got"):
            validate.choice(bad, (1, 2, 3), "k")
    with pytest.raises(ValueError, match="method must be 'cluster' or 'random', got 'kmeans'"):
        validate.choice("kmeans", ("cluster", "random"), "method")
    with pytest.raises(TypeError, match="allowed must be a non-empty"):
        validate.choice(1, None, "k")


def test_binary_labels():
    y = validate.binary_labels(np.array([[1], [0], [1]]), "y")
    assert y.tolist() == [1.0, 0.0, 1.0] and y.dtype == np.float64
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 0/1 labels \(or a column \(N, 1\)\)"):
        validate.binary_labels(np.zeros((2, 2)), "y")
    with pytest.raises(ValueError, match="y is empty"):
        validate.binary_labels(np.zeros(0), "y")
    with pytest.raises(ValueError, match=r"y_true must hold 0/1 labels, got values \[0.0, 2.0\]"):
        validate.binary_labels(np.array([0, 2]), "y_true")
    with pytest.raises(TypeError, match="y must be a numpy array or torch tensor, got str"):
        validate.binary_labels("0101", "y")


def test_groups():
    assert validate.groups(["b1", "b1", "b2"], 3).tolist() == ["b1", "b1", "b2"]
    with pytest.raises(ValueError, match="batch has 2 labels but there are 3 samples"):
        validate.groups(["b1", "b2"], 3)
    with pytest.raises(ValueError, match=r"groups must be one label per sample \(1-D\), got shape \(2, 1\)"):
        validate.groups([["a"], ["b"]], what="groups")
    with pytest.raises(TypeError, match="batch must be one label per sample"):
        validate.groups(None)


def test_generator():
    rng = np.random.default_rng(0)
    assert validate.generator(rng) is rng
    with pytest.raises(TypeError, match=r"rng must be a numpy Generator, e.g. np.random.default_rng\(0\)"):
        validate.generator(0)


def test_the_private_twins_are_gone():
    from course_utils import (confounding, expression, interpret, kmers, labels, mave, metrics, protein,
                              simulate, train, variants)
    gone = {metrics: ["_array", "_pair"], train: ["_check_model", "_as_tensor", "_check_pair"],
            kmers: ["_check_k"], protein: ["_check_k"], mave: ["_vector", "_pair"],
            expression: ["bootstrap_mae_difference"], labels: ["_labels", "_probabilities"], confounding: ["_groups"],
            variants: ["_rng"], simulate: ["_rng"]}
    for module, names in gone.items():
        for name in names:
            assert not hasattr(module, name), f"{module.__name__}.{name} is back: use validate"
    # names kept only because notebooks print sources that call them: they are the shared helpers themselves
    assert expression._matrix is validate.matrix and expression._count is validate.count
    assert interpret._check_model is train.model_device


def test_paired_values_and_labels_with_probabilities():
    y, p = validate.paired_values([1, 2, 3], np.array([[1.5], [2.0], [2.5]]))
    assert y.dtype == p.dtype == np.float64 and p.shape == (3,)
    with pytest.raises(ValueError, match=r"y_true has 3 values but y_pred has 2: give both for the same rows \(score the predictions of the same rows\)"):
        validate.paired_values([1, 2, 3], [1, 2])
    y, p = validate.labels_and_probabilities([0, 1, 1], [0.2, 0.9, 1.0])
    assert list(y) == [0.0, 1.0, 1.0] and p.dtype == np.float64
    with pytest.raises(ValueError, match="apply a sigmoid to logits first"):
        validate.labels_and_probabilities([0, 1], [-2.0, 3.0])
    with pytest.raises(ValueError, match="y_true has 2 labels but p has 3 probabilities"):
        validate.labels_and_probabilities([0, 1], [0.1, 0.2, 0.3])


def test_builder():
    assert validate.builder(nn.Linear) is nn.Linear
    for bad, what in ((nn.Linear(2, 1), "make_model"), ("CNN", "builders['cnn']")):
        with pytest.raises(TypeError, match=re.escape(f"{what} must be a function that builds a new model")):
            validate.builder(bad, what)


def test_to_numpy_takes_tensors_and_dataframes_and_leaves_the_rest():
    import pandas as pd

    t = torch.ones(2, 3, requires_grad=True) * 2
    assert isinstance(validate.to_numpy(t), np.ndarray) and validate.to_numpy(t).tolist() == [[2.0] * 3] * 2
    df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    assert validate.to_numpy(df).tolist() == [[1, 3], [2, 4]]
    rows = [[1, 2], [3]]
    assert validate.to_numpy(rows) is rows                      # the caller checks what is not an array
    size = torch.Size([2, 3])                                   # a torch object that is not a tensor
    assert validate.to_numpy(size) is size
