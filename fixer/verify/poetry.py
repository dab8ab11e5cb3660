"""poetry-core reads the project as ``poetry install`` will: the package it declares must
be found (the "No file/folder found for package" error comes from there), or the
project must be in non-package mode with a valid configuration. No build script runs:
only the package discovery that installing the project performs."""

from __future__ import annotations

from pathlib import Path


def poetry_problem(project: Path) -> str | None:
    """Why poetry-core would still refuse to install the project at ``project``, or None."""
    from poetry.core.factory import Factory
    from poetry.core.masonry.builders.builder import Builder
    from poetry.core.masonry.utils.module import ModuleOrPackageNotFoundError
    from poetry.core.pyproject.exceptions import PyProjectError

    try:
        poetry = Factory().create_poetry(project)
        errors = Factory.validate(poetry.pyproject.data, strict=True)["errors"]
        if errors:
            return "poetry-core: " + "; ".join(errors)
        if not poetry.is_package_mode:
            return None
        module = Builder(poetry)._module  # the discovery that raises "No file/folder found"
        if not module.includes:
            return "poetry-core finds nothing to install"
    except ModuleOrPackageNotFoundError as exc:
        return f"poetry-core: {exc}"
    except (PyProjectError, RuntimeError, ValueError, OSError) as exc:
        return f"poetry-core: {str(exc).splitlines()[0]}"
    return None
