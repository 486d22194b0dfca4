"""The layers of carepanel/ and which way imports run (docs/architecture.md), as a test.

Apps, lowest first: policy and core (the ground floor) < accounts, audit < children <
referrals < meetings < decisions < home, demo, api (above the domain).

- No module imports carepanel code inside a function body to dodge a circle; only the
  entry points may (cli.py, the AppConfig.ready() hooks in apps.py, management commands).
  A third-party library loaded late (weasyprint) is fine.
- core/ imports no other app (policy is as low as it).
- An import that leaves its own package is absolute (ruff's TID252 refuses `from ..`),
  so the parse below sees every import between apps by its full name.
- A domain app's rules (models, queries, permissions, services, and helpers beside
  them) import only their own app or lower ones. Its pages (views.py, forms.py,
  urls.py, templatetags/) sit above every domain app's rules and may import them, but
  never another app's pages.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "carepanel"

LEVEL = {
    "policy": 0,
    "core": 0,
    "accounts": 1,
    "audit": 1,
    "children": 2,
    "referrals": 3,
    "meetings": 4,
    "decisions": 5,
    "home": 6,
    "demo": 6,
    "api": 6,
}
PAGE_MODULES = {"views.py", "forms.py", "urls.py"}


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.relative_to(PACKAGE).parts
    ]


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _app(module: str) -> str:
    """`carepanel.referrals.services` → `referrals`; the project's own modules
    (settings, urls, cli) → ``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LEVEL) else ""


def _imports(tree: ast.AST) -> list[tuple[int, str, bool]]:
    """(line, module, inside a function body) of every import of carepanel code."""
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            in_function = True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "carepanel":
                found.extend((node.lineno, f"carepanel.{a.name}", in_function) for a in node.names)
            elif node.module.startswith("carepanel."):
                # `from carepanel.referrals import services` imports the module services.
                found.extend(
                    (node.lineno, f"{node.module}.{a.name}", in_function) for a in node.names
                )
        if isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name, in_function)
                for alias in node.names
                if alias.name.startswith("carepanel.")
            )
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return found


@functools.cache
def _all_imports() -> list[tuple[str, int, str, bool]]:
    return [
        (_relative(path), line, module, lazily)
        for path in _modules()
        for line, module, lazily in _imports(ast.parse(path.read_text(encoding="utf-8")))
    ]


def _is_entry_point(relative: str) -> bool:
    parts = relative.split("/")
    return parts[-1] in {"cli.py", "apps.py"} or "management" in parts


def _is_page(relative: str) -> bool:
    parts = relative.split("/")
    return LEVEL.get(parts[0], 0) > 0 and (parts[-1] in PAGE_MODULES or "templatetags" in parts)


def _target_is_page(module: str) -> bool:
    """Whether `carepanel.<app>.<…>` names one of a domain app's page modules."""
    parts = module.split(".")
    return (
        len(parts) > 2
        and LEVEL.get(parts[1], 0) > 0
        and (f"{parts[2]}.py" in PAGE_MODULES or parts[2] in {"views", "templatetags"})
    )


def _lazy_offences(app: str) -> list[str]:
    return [
        f"carepanel/{relative}:{line} imports {module} inside a function"
        for relative, line, module, lazily in _all_imports()
        if lazily and relative.split("/")[0] == app and not _is_entry_point(relative)
    ]


def _layer_offences(app: str) -> list[str]:
    offences = []
    for relative, line, module, _ in _all_imports():
        if relative.split("/")[0] != app:
            continue
        target = _app(module)
        if not target or target == app:
            continue
        where = f"carepanel/{relative}:{line} imports {module}"
        if app in {"core", "policy"} and target != "policy":
            offences.append(f"{where}: the ground floor imports no app")
        elif _is_page(relative):
            if _target_is_page(module):
                offences.append(f"{where}: a page never imports another app's pages")
        elif LEVEL[target] > LEVEL[app]:
            offences.append(f"{where}: {target} is above {app}")
    return offences


APPS = sorted(name for name in LEVEL if (PACKAGE / name).is_dir())


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_carepanel_code_inside_a_function_body(app: str) -> None:
    assert _lazy_offences(app) == []


@pytest.mark.parametrize("app", APPS)
def test_imports_run_down_the_layers(app: str) -> None:
    assert _layer_offences(app) == []


def test_the_project_modules_outside_the_apps_import_nothing_lazily_but_the_cli() -> None:
    assert [
        f"carepanel/{relative}:{line}"
        for relative, line, _, lazily in _all_imports()
        if lazily and "/" not in relative and relative != "cli.py"
    ] == []


def test_the_order_names_every_app() -> None:
    apps = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert apps - {"static", "templates"} <= set(LEVEL)


def test_the_checks_find_what_they_forbid() -> None:
    source = (
        "from carepanel.meetings.models import AgendaItem\n"
        "from carepanel.referrals import views\n"
        "def f():\n"
        "    from carepanel.decisions.models import Approval\n"
        "    import weasyprint\n"
    )
    assert _imports(ast.parse(source)) == [
        (1, "carepanel.meetings.models.AgendaItem", False),
        (2, "carepanel.referrals.views", False),
        (4, "carepanel.decisions.models.Approval", True),
    ]
    assert _app("carepanel.meetings.models") == "meetings"
    assert _target_is_page("carepanel.referrals.views")
    assert not _target_is_page("carepanel.referrals.services")
    assert _is_page("referrals/templatetags/referral_words.py")
    assert not _is_page("core/templatetags/govuk_dates.py")
