"""Who may write a status, as a test (STYLE.md: only services change state).

- A referral's status has one writer: `advance` in referrals/transitions.py, which takes
  the target from the transition table. No other code assigns it, whatever the spelling.
- Any other model's status (an agenda item's, a meeting's, a decision's, an approval's)
  is written only by its own app's services.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

from carepanel.referrals.models import Referral
from carepanel.referrals.transitions import TRANSITIONS

PACKAGE = Path(__file__).resolve().parent.parent / "carepanel"
# The calls that write the columns named by their keywords (`filter(status=…)` only reads).
WRITING_CALLS = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}
THE_WRITER = ("referrals/transitions.py", "advance")


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.relative_to(PACKAGE).parts
    ]


def _models_of(app: str) -> set[str]:
    path = PACKAGE / app / "models.py"
    if not path.exists():
        return set()
    return {
        n.name
        for n in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(n, ast.ClassDef)
    }


def _status_models(value: ast.AST) -> set[str]:
    """The models whose `<Model>.Status` the expression names."""
    return {
        node.value.id
        for node in ast.walk(value)
        if isinstance(node, ast.Attribute)
        and node.attr == "Status"
        and isinstance(node.value, ast.Name)
    }


def _root(node: ast.AST) -> str:
    """The name a chain of calls starts from: `Approval` of `Approval.objects.filter().update`."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return ast.unparse(node)


def _status_writes(tree: ast.AST) -> list[tuple[int, str, str, ast.AST]]:
    """(line, enclosing function, what is written to, the value) of every status write:
    `x.status = …`, `setattr(x, "status", …)`, `.update/create(…, status=…)`."""
    found: list[tuple[int, str, str, ast.AST]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr == "status":
                        found.append(
                            (node.lineno, function, ast.unparse(part.value), node.value or part)
                        )
        if isinstance(node, ast.Call):
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            if name == "setattr" and len(node.args) == 3:
                attribute = node.args[1]
                if isinstance(attribute, ast.Constant) and attribute.value == "status":
                    found.append((node.lineno, function, ast.unparse(node.args[0]), node.args[2]))
            if name in WRITING_CALLS:
                for keyword in node.keywords:
                    if keyword.arg == "status":
                        found.append((node.lineno, function, _root(node.func), keyword.value))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def _offences() -> list[str]:
    offences = []
    for path in _modules():
        relative = path.relative_to(PACKAGE).as_posix()
        app = relative.split("/")[0]
        own = _models_of(app)
        for line, function, target, value in _status_writes(
            ast.parse(path.read_text(encoding="utf-8"))
        ):
            where = f"carepanel/{relative}:{line}"
            if (relative, function) == THE_WRITER:
                continue
            models = _status_models(value)
            if "Referral" in models or target.split(".")[-1].lower() in {"referral", "s"}:
                offences.append(f"{where}: a referral's status is written only by advance()")
            elif path.name != "services.py":
                offences.append(f"{where}: a status is written only by a services.py")
            elif models - own:
                offences.append(f"{where}: {', '.join(sorted(models - own))} is another app's")
    return offences


def test_only_advance_writes_a_referrals_status_and_only_its_app_any_other() -> None:
    assert _offences() == []


def test_the_check_finds_every_way_of_writing_a_status() -> None:
    source = (
        "def f(referral, item, x):\n"
        "    referral.status = 'signed'\n"
        "    x.status = Referral.Status.SIGNED\n"
        "    setattr(x, 'status', 'draft')\n"
        "    Referral.objects.filter(pk=1).update(status='draft')\n"
        "    Approval.objects.create(status=Approval.Status.ENDED)\n"
        "    item.status = AgendaItem.Status.HEARD\n"
        "    if referral.status == Referral.Status.DRAFT:\n"
        "        Referral.objects.filter(status='draft')\n"
    )
    writes = _status_writes(ast.parse(source))
    assert [line for line, *_ in writes] == [2, 3, 4, 5, 6, 7]
    assert _status_models(writes[5][3]) == {"AgendaItem"}


def test_advance_is_the_writer_the_check_allows() -> None:
    source = (PACKAGE / THE_WRITER[0]).read_text(encoding="utf-8")
    assert [function for _, function, *_ in _status_writes(ast.parse(source))] == ["advance"]


def test_the_transition_table_covers_every_status() -> None:
    assert set(TRANSITIONS) == set(Referral.Status.values)
    for targets in TRANSITIONS.values():
        assert set(targets.values()) <= set(Referral.Status.values)
