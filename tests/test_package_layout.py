"""The package's layout: modules named by concern, imports that run one way (no cycles), nothing gone stale."""
import ast
import pathlib

import course_utils

PACKAGE = pathlib.Path(course_utils.__file__).parent


def imports_of(path):
    """The course_utils modules a file imports (at any depth of the file: a function-level import counts too)."""
    package = path.relative_to(PACKAGE.parent).parts[:-1]               # e.g. ("course_utils", "questions")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            if node.module:
                found.add(".".join(base + tuple(node.module.split("."))))
            else:
                found |= {".".join(base + (a.name,)) for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("course_utils.")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
            found |= {f"{node.module}.{a.name}" if node.module == "course_utils" else node.module for a in node.names}
    return found


def graph():
    """``{module: set of course_utils modules it imports}`` for every module of the package."""
    edges = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        edges[name] = {m for m in imports_of(path) if m != name}
    return edges


def cycle(edges):
    """One import cycle as a list of modules, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_course_utils():
    edges = graph()
    assert edges["course_utils.interpret"] == {"course_utils.train", "course_utils.validate"}
    assert "course_utils.exercises" in edges["course_utils.questions"]         # the catalog, imported when called
    assert cycle(edges) is None, f"import cycle: {' -> '.join(cycle(edges))}"


def test_storage_and_exercise_engine_do_not_import_the_question_modules():
    edges = graph()
    for module in ("course_utils.progress", "course_utils.exercises"):
        assert not any(m.startswith("course_utils.questions") for m in edges[module]), module
    assert "course_utils.exercises" in edges["course_utils.questions.nb02"]


def test_merged_modules_are_gone():
    # interpretation lives in interpret (filters and attribution maps), motif matching in motifs.matches
    for gone in ("attribution", "tomtom"):
        assert not (PACKAGE / f"{gone}.py").exists(), f"course_utils/{gone}.py is back"
    from course_utils import comparison, interpret, metrics, motifs, transfer
    assert callable(motifs.matches) and not hasattr(motifs, "best_matches")
    assert callable(interpret.integrated_gradients) and callable(interpret.filter_counts)
    assert callable(comparison.seed_summary) and not hasattr(metrics, "seed_summary")
    assert not hasattr(transfer, "tuned_logistic") and not hasattr(transfer, "learning_curve")
