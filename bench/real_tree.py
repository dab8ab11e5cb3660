"""The tree around a backend, shaped like the real repositories fixer meets.

A real project's backend is a small part of its repository: the one fixer's figures
were taken on held 1,430 tracked files around a 28-module backend (a React front end
with its tests, docs, data files, the workflows). What fixer does per file (checking the
worktree out, listing the files, mapping paths) is paid on all of them, while the cold
mypy run it is compared with sees only the backend. :func:`write_tree` adds such a tree
around the backend that :mod:`fixture_repo` generates:

- ``frontend/``: a TypeScript React app (``package.json``, ``tsconfig.json``, components,
  hooks, API clients, styles, tests), about half of the files;
- ``docs/``: Markdown pages (guides, an API reference, architecture decisions);
- ``data/``: CSV and JSON fixtures, JSON schemas;
- ``.github/workflows/frontend.yml``: a job that lints and tests the front end.

Everything is deterministic for a given seed, so two runs benchmark the same tree.

    python bench/real_tree.py OUT [--seed N] [--files N]

writes the real-shaped repository (backend and tree) into ``OUT/repo`` and its logs into
``OUT/logs``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fixture_repo import MIN_ENTITIES, Fixture, write_logs, write_repo  # noqa: E402

FILES = 1_400  # around the backend; with it about 1,500 tracked files
WORDS = tuple(
    " ".join(
        (
            "order customer payment invoice refund cart product stock warehouse shipment",
            "carrier status total amount currency created updated pending active archived",
            "review coupon report export import account session token settings profile",
            "search filter page",
        )
    ).split()
)
FRONTEND_WORKFLOW = """name: Frontend

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  frontend:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: frontend
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm run lint
      - run: npm test
"""
PACKAGE_JSON = """{
  "name": "storefront-admin",
  "private": true,
  "version": "0.4.2",
  "type": "module",
  "scripts": {
    "dev": "vite",
    "build": "tsc -b && vite build",
    "lint": "eslint .",
    "test": "vitest run"
  },
  "dependencies": {
    "react": "^18.3.1",
    "react-dom": "^18.3.1"
  },
  "devDependencies": {
    "@types/react": "^18.3.12",
    "eslint": "^9.17.0",
    "typescript": "^5.6.3",
    "vite": "^5.4.11",
    "vitest": "^2.1.8"
  }
}
"""
TSCONFIG = '{\n  "compilerOptions": {"target": "ES2022", "jsx": "react-jsx", "strict": true}\n}\n'


@dataclass(frozen=True)
class Tree:
    files: int
    size: int  # bytes


def camel(words: list[str]) -> str:
    return "".join(w.capitalize() for w in words)


def component(rng: random.Random, name: str, helpers: list[str]) -> str:
    props = rng.sample(WORDS, rng.randint(2, 6))
    uses = rng.sample(helpers, min(len(helpers), rng.randint(0, 2)))
    lines = ['import { useState } from "react";']
    lines += [f'import {{ {h} }} from "../lib/{h}";' for h in uses]
    lines += ["", f"export interface {name}Props {{"]
    lines += [f"  {p}: {rng.choice(['string', 'number', 'boolean'])};" for p in props]
    lines += ["}", "", f"export function {name}(props: {name}Props) {{"]
    lines += ["  const [open, setOpen] = useState(false);", "  return ("]
    lines += [f'    <section className="{name.lower()}" onClick={{() => setOpen(!open)}}>']
    lines += [f"      <span>{{String(props.{p})}}</span>" for p in props]
    lines += [f"      {{open && <em>{{{h}(String(props.{props[0]}))}}</em>}}" for h in uses]
    lines += ["    </section>", "  );", "}", ""]
    return "\n".join(lines)


def component_test(name: str) -> str:
    return (
        'import { describe, expect, it } from "vitest";\n'
        f'import {{ {name} }} from "../src/components/{name}";\n\n'
        f'describe("{name}", () => {{\n'
        f'  it("is a component", () => {{\n    expect(typeof {name}).toBe("function");\n  }});\n'
        "});\n"
    )


def helper(rng: random.Random, name: str) -> str:
    body = " ".join(rng.choices(WORDS, k=8))
    return (
        f"/** {body}. */\n"
        f"export function {name}(value: string): string {{\n"
        f"  return value.trim().replace(/\\s+/g, {rng.choice(WORDS)!r}.slice(0, 1));\n}}\n"
    )


def page(rng: random.Random, title: str) -> str:
    parts = [f"# {title}", ""]
    for _ in range(rng.randint(4, 12)):
        parts += [f"## {' '.join(rng.sample(WORDS, 3)).capitalize()}", ""]
        sentences = [" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(4)]
        parts += [" ".join(sentences), ""]
    return "\n".join(parts)


def csv_rows(rng: random.Random) -> str:
    columns = rng.sample(WORDS, 5)
    rows = [",".join(columns)]
    for n in range(rng.randint(20, 160)):
        rows.append(",".join([str(n), *(rng.choice(WORDS) for _ in columns[1:])]))
    return "\n".join(rows) + "\n"


def json_doc(rng: random.Random) -> str:
    keys = rng.sample(WORDS, 6)
    fields = ",\n".join(f'  "{k}": "{rng.choice(WORDS)}"' for k in keys)
    return "{\n" + fields + "\n}\n"


def files(rng: random.Random, count: int) -> Iterator[tuple[str, str]]:
    """Paths and texts, about half front end, a quarter docs, a quarter data."""
    yield ".github/workflows/frontend.yml", FRONTEND_WORKFLOW
    yield "frontend/package.json", PACKAGE_JSON
    yield "frontend/tsconfig.json", TSCONFIG
    yield "frontend/index.html", '<div id="root"></div>\n<script type="module" src="/src/main.tsx">'
    helpers = [f"format{camel(rng.sample(WORDS, 2))}{n}" for n in range(40)]
    for name in helpers:
        yield f"frontend/src/lib/{name}.ts", helper(rng, name)
    left = count - 4 - len(helpers)
    for n in range(left):
        words = rng.sample(WORDS, 2)
        name = f"{camel(words)}{n}"
        share = n % 8
        if share < 3:
            yield f"frontend/src/components/{name}.tsx", component(rng, name, helpers)
        elif share == 3:
            yield f"frontend/tests/{name}.test.tsx", component_test(name)
        elif share == 4:
            css = f".{name.lower()} {{ margin: {n}px; }}\n"
            yield f"frontend/src/styles/{name.lower()}.css", css
        elif share == 5:
            area = rng.choice(("guides", "reference", "decisions"))
            yield f"docs/{area}/{'-'.join(words)}-{n}.md", page(rng, " ".join(words).title())
        elif share == 6:
            yield f"data/fixtures/{'_'.join(words)}_{n}.csv", csv_rows(rng)
        else:
            yield f"data/samples/{'_'.join(words)}_{n}.json", json_doc(rng)


def write_tree(repo: Path, seed: int = 1, count: int = FILES) -> Tree:
    """Add ``count`` files around the backend in ``repo`` (none of them replaced)."""
    rng = random.Random(seed)
    size = 0
    for rel, text in files(rng, count):
        path = repo / rel
        if path.exists():
            raise FileExistsError(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        size += len(text.encode())
    return Tree(count, size)


def write_real_repo(dest: Path, seed: int = 1, count: int = FILES) -> tuple[Fixture, Tree]:
    """The smallest generated backend, inside a tree of ``count`` more files."""
    fixture = write_repo(dest, seed, MIN_ENTITIES)
    return fixture, write_tree(dest, seed, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (repo/ and logs/ inside)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=FILES)
    args = parser.parse_args()
    fixture, tree = write_real_repo(args.out / "repo", args.seed, args.files)
    mypy = write_logs(fixture.repo, args.out / "logs")
    total = sum(1 for p in fixture.repo.rglob("*") if p.is_file())
    print(f"{fixture.modules} modules, {total} files ({tree.size:,} bytes around the backend)")
    print("\n".join(mypy.lines))


if __name__ == "__main__":
    main()
