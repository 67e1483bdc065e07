"""Which statements of a notebook an exercise needs: a backward program slice over top-level statements.

A learner who restarts the kernel and jumps to an exercise runs the cells it needs, not the whole lesson.
The learner tests do the same, so that they pay for the checker's own training and not again for every
comparison the notebook makes (``make test`` runs the whole notebook once already, under nbval).

The slice is conservative in the usual direction of such analyses and loud when it is wrong: a statement
is kept when it binds a name that a later kept statement reads, or may change an object that one reads
(item or attribute assignment, a nested assignment, a call of a mutating method such as ``append``, ``fit``,
``load_state_dict`` or a torch ``*_`` method). A dependency it misses (an object changed only by being
passed to a function, say ``train.fit(model, ...)`` on a model the exercise reads) shows up as a
NameError or a wrong verdict in the test, never as a silent pass: set ``COURSE_PLAY_FULL=1`` to run every
cell above the exercise instead and compare.
"""
import ast
import symtable

# Method names that change their object in place (lists, dicts, sets, numpy, pandas, torch, scikit-learn).
MUTATORS = {"append", "extend", "insert", "update", "add", "pop", "popitem", "remove", "clear", "setdefault",
            "sort", "reverse", "shuffle", "fit", "partial_fit", "fit_transform", "load_state_dict", "train",
            "eval", "to", "cuda", "cpu", "apply", "register_forward_hook", "register_full_backward_hook", "step",
            "backward", "zero_grad"}


def _without_magics(source):
    """The cell's code with IPython magics and shell lines (``%...``, ``!...``) replaced by ``pass``."""
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def statements(source):
    """The top-level statements of one cell's code, each as its own source text (decorators included)."""
    lines = _without_magics(source).splitlines()
    found = []
    for stmt in ast.parse("\n".join(lines)).body:
        start = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
        found.append("\n".join(lines[start - 1:stmt.end_lineno]))
    return found


def _base_name(node):
    """``x`` for ``x``, ``x.a``, ``x[i].b``, ``x.f().g``; None for anything else."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _reads(table):
    """Global names a symbol table reads, its nested functions, classes and comprehensions included."""
    names = {s.get_name() for s in table.get_symbols()
             if s.is_referenced() and (table.get_type() == "module" or s.is_global())}
    for child in table.get_children():
        names |= _reads(child)
    return names


def _deferred_reads(table):
    """Global names read inside functions (lambdas and comprehensions too): read when called, not defined."""
    names = set()
    for child in table.get_children():
        names |= _reads(child) if child.get_type() == "function" else _deferred_reads(child)
    return names


def analyse(source):
    """What one statement does to the notebook's global names.

    Returns
    -------
    (binds, changes, reads, imports, deferred) : five sets of names. ``binds``: names it binds afresh (assignment,
    ``for`` target, ``def``, ``class``, ``import``); ``changes``: names whose object it may change or bind only
    on some paths (nested assignment, item or attribute assignment, a mutating method call); ``reads``: the
    global names it reads; ``imports``: the names it imports (modules and module members); ``deferred``: the
    global names among ``reads`` that a function body reads, whenever it is called (so a later cell's binding
    counts).
    """
    tree = ast.parse(source)
    table = symtable.symtable(source, "statement", "exec")
    globals_here = {s.get_name() for s in table.get_symbols()}
    binds, changes, imports = set(), set(), set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            imports |= {(a.asname or a.name).split(".")[0] for a in stmt.names}
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            binds.add(stmt.name)
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, (ast.AnnAssign, ast.For, ast.AsyncFor)):
            targets = [stmt.target]
        else:
            targets = []
        binds |= {n.id for t in targets for n in ast.walk(t)
                  if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    binds |= imports
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            changes.add(node.id)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            changes.add(_base_name(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                node.func.attr in MUTATORS or node.func.attr.endswith("_") and not node.func.attr.startswith("_")):
            changes.add(_base_name(node.func.value))
    changes = {n for n in changes if n in globals_here} - binds
    return binds, changes, _reads(table), imports, _deferred_reads(table)


def needed_statements(cells, final):
    """The statements of ``cells`` that the code ``final`` needs, in notebook order.

    Parameters
    ----------
    cells : list of str, the code cells above the exercise, in order.
    final : str, the code that runs last (the answer cell's setup, the attempts and the check).

    Returns
    -------
    list of (cell index, statement source) pairs.
    """
    units = [(i, s) for i, cell in enumerate(cells) for s in statements(cell)]
    effects = [analyse(s) for _, s in units]
    modules = set().union(set(), *(e[3] for e in effects))      # calling np.sort(...) does not change np
    at_end = set()
    for stmt in reversed(statements(final)):
        binds, _, reads, _, _ = analyse(stmt)
        at_end = (at_end - binds) | reads
    while True:              # a kept function may read a name that a later statement binds: repeat until stable
        needed, kept = set(at_end), []
        for j in range(len(units) - 1, -1, -1):
            binds, changes, reads, _, _ = effects[j]
            if (binds | (changes - modules)) & needed:
                kept.append(j)
                needed = (needed - binds) | reads
        deferred = set().union(set(), *(effects[j][4] for j in kept))
        if deferred <= at_end:
            return [units[j] for j in sorted(kept)]
        at_end |= deferred
