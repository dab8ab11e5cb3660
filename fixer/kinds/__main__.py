"""``python -m fixer.kinds``: the kinds, and with ``--markdown`` the README's kind tables."""

from __future__ import annotations

import argparse
import sys

from fixer.kinds import all_kinds
from fixer.kinds._table import tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fixer.kinds")
    parser.add_argument("--markdown", action="store_true", help="print the README's kind tables")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write("\n\n".join(tables()) + "\n")
        return 0
    for kind in all_kinds():
        sys.stdout.write(f"{kind.id}\t{kind.title}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
