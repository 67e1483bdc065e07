"""Exercise definitions, one module per notebook (nbXX.py), and the catalog ``progress`` reads.

The dependency runs one way: these modules import ``course_utils.exercises``; ``exercises`` and
``progress`` never import them (``progress`` reads ``catalog.json``, which ``write_catalog`` writes).
"""
import importlib
import json
import pkgutil


def catalog():
    """``{notebook number: [[exercise name, kind]]}`` of every exercise in ``course_utils/questions``.

    ``kind`` is "thought" for open questions, else "checked". Imports every question module.
    """
    from ..exercises import Exercise, ThoughtExercise

    found = {}
    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("nb")):
        module = importlib.import_module(f"{__name__}.{mod}")
        names = sorted([obj.name, "thought" if isinstance(obj, ThoughtExercise) else "checked"]
                       for obj in vars(module).values() if isinstance(obj, Exercise))
        if names:
            found[mod.removeprefix("nb")] = names
    return found


def write_catalog():
    """Write ``catalog()`` to ``questions/catalog.json``, the list ``progress`` reads (run after adding an exercise)."""
    from ..progress import CATALOG

    CATALOG.write_text(json.dumps(catalog(), indent=1) + "\n")
    return CATALOG
