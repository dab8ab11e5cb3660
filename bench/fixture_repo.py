# ruff: noqa: E501  (the templates are the generated modules' own lines)
"""Generate a realistic broken backend repository and its CI run's logs, for benchmarks.

The repository is a shop backend, ``backend/storefront``: about a hundred modules in
subpackages (``models`` as frozen dataclasses with enums and events, ``schemas`` with
TypedDicts and validating parsers, ``repositories`` on a generic in-memory repository
behind a Protocol, ``services``, ``api`` handlers on a small router, ``utils`` with a
generic ``Result``, ``Page``, LRU cache, event bus, retry decorator with ParamSpec,
asyncio helpers), importing each other, standard library only (so mypy runs offline),
checked by ``mypy --strict`` through ``[tool.mypy] strict = true``. It is clean except
for a handful of bare generics (``-> dict``, ``rows: list``) in three modules, which
mypy reports as ``[type-arg]`` errors.

Its workflow ``.github/workflows/ci.yml`` runs ``mypy storefront`` in ``backend`` on
Python 3.11 and 3.12. The run's log archive is written the way GitHub serves it
(:mod:`tests.support.ghlog`) around the output of a real mypy run on the repository
(the configuration pins ``python_version``, so both interpreters print the same).

Everything is deterministic for a given seed and entity count.

    python bench/fixture_repo.py OUT [--seed N] [--entities N]

writes ``OUT/repo`` (not a git repository) and ``OUT/logs``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.ghlog import Job, write_run  # noqa: E402

PACKAGE = "storefront"
WORKDIR = "backend"
MYPY_COMMAND = f"mypy {PACKAGE}"

# name, the entities it refers to (always earlier in the list)
ENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("customer", ()),
    ("address", ("customer",)),
    ("supplier", ()),
    ("category", ()),
    ("product", ("category", "supplier")),
    ("warehouse", ("address",)),
    ("inventory", ("product", "warehouse")),
    ("cart", ("customer",)),
    ("order", ("customer", "address")),
    ("payment", ("order", "customer")),
    ("invoice", ("order", "customer")),
    ("shipment", ("order", "warehouse")),
    ("refund", ("payment", "order")),
    ("review", ("product", "customer")),
    ("coupon", ("customer",)),
    ("notification", ("customer",)),
    ("subscription", ("customer", "product")),
    ("promotion", ("category", "coupon")),
    ("carrier", ()),
    ("delivery_slot", ("carrier", "warehouse")),
    ("return_request", ("order", "shipment")),
    ("loyalty_account", ("customer",)),
    ("gift_card", ("customer", "order")),
    ("tax_rate", ()),
    ("variant", ("product",)),
    ("price_list", ("category",)),
    ("stock_movement", ("inventory", "warehouse")),
    ("purchase_order", ("supplier", "warehouse")),
    ("supplier_invoice", ("purchase_order", "supplier")),
    ("credit_note", ("invoice", "customer")),
    ("payout", ("supplier",)),
    ("dispute", ("payment", "customer")),
    ("chargeback", ("dispute", "payment")),
    ("employee", ()),
    ("team", ("employee",)),
    ("role", ()),
    ("api_key", ("employee",)),
    ("webhook_endpoint", ()),
    ("audit_entry", ("employee",)),
    ("support_ticket", ("customer", "order")),
    ("ticket_message", ("support_ticket", "employee")),
    ("store", ("address",)),
    ("shipping_zone", ("store",)),
    ("shipping_rate", ("shipping_zone", "carrier")),
    ("parcel", ("shipment",)),
    ("pickup", ("carrier", "warehouse")),
    ("warranty", ("product", "customer")),
    ("bundle", ("product",)),
    ("collection", ("category",)),
    ("media_asset", ("product",)),
    ("campaign", ("promotion",)),
    ("newsletter", ("campaign",)),
    ("segment", ()),
    ("referral", ("customer",)),
    ("affiliate", ()),
    ("wishlist", ("customer",)),
    ("payment_method", ("customer",)),
    ("ledger_entry", ("payment", "invoice")),
    ("import_job", ("employee",)),
    ("export_job", ("employee",)),
)
REPORTING = ("customer", "order", "payment", "inventory")  # what the reports read
MIN_ENTITIES = 1 + max(i for i, (n, _) in enumerate(ENTITIES) if n in REPORTING)

STATES = (
    "draft",
    "pending",
    "active",
    "confirmed",
    "suspended",
    "processing",
    "completed",
    "expired",
    "archived",
    "cancelled",
)
FIELD_NAMES = {
    "text": (
        "name",
        "title",
        "label",
        "email",
        "phone",
        "city",
        "country",
        "sku",
        "reference",
        "description",
        "note",
        "slug",
        "code",
        "channel",
        "locale",
    ),
    "count": ("quantity", "priority", "position", "attempts", "rating", "weight_grams", "capacity"),
    "flag": ("active", "verified", "gift", "primary", "taxable", "featured", "internal"),
    "money": ("price", "amount", "balance", "total", "credit_limit", "discount", "fee"),
    "moment": ("expires_at", "confirmed_at", "shipped_at", "paid_at", "last_seen_at", "due_at"),
    "tags": ("tags", "labels", "aliases", "flags"),
}
# kind -> (annotation, default, TypedDict type in, TypedDict type out)
KINDS = {
    "text": ("str", '""', "str", "str"),
    "count": ("int", "0", "int", "int"),
    "flag": ("bool", "False", "bool", "bool"),
    "money": ("Money", "field(default_factory=Money.zero)", "str", "str"),
    "moment": ("datetime | None", "None", "str", "str | None"),
    "tags": ("tuple[str, ...]", "()", "list[str]", "list[str]"),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool

    @property
    def annotation(self) -> str:
        return KINDS[self.kind][0]

    def read(self) -> str:
        if self.kind == "text":
            return (
                f'reader.text("{self.name}")'
                if self.required
                else (f'reader.text("{self.name}", default="")')
            )
        if self.kind == "count":
            return (
                f'reader.integer("{self.name}")'
                if self.required
                else (f'reader.integer("{self.name}", default=0)')
            )
        if self.kind == "money":
            return (
                f'reader.money("{self.name}")'
                if self.required
                else (f'reader.money("{self.name}", default=Money.zero())')
            )
        method = {"flag": "boolean", "moment": "moment", "tags": "strings"}[self.kind]
        return f'reader.{method}("{self.name}")'

    def dump(self) -> str:
        value = f"item.{self.name}"
        if self.kind == "money":
            return f"{value}.format()"
        if self.kind == "moment":
            return f"iso({value})"
        if self.kind == "tags":
            return f"list({value})"
        return value


@dataclass(frozen=True)
class Entity:
    name: str  # snake_case module name
    refs: tuple[str, ...]
    states: tuple[str, ...]
    fields: tuple[Field, ...]
    doc: str

    @property
    def cls(self) -> str:
        return camel(self.name)

    @property
    def plural(self) -> str:
        return plural(self.name)

    @property
    def id_type(self) -> str:
        return f"{self.cls}Id"

    @property
    def status(self) -> str:
        return f"{self.cls}Status"

    @property
    def text_field(self) -> Field:
        return next(f for f in self.fields if f.kind == "text")

    def of_kind(self, kind: str) -> list[Field]:
        return [f for f in self.fields if f.kind == kind]


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def plural(name: str) -> str:
    if name.endswith("y") and not name.endswith(("ay", "ey", "oy")):
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "ch")):
        return name + "es"
    return name + "s"


DOCS = (
    "what the shop stores about {a}",
    "{a}, as the back office manages it",
    "the life cycle of {a}",
    "{a} and the events it goes through",
)


def make_entities(rng: random.Random, count: int) -> list[Entity]:
    out = []
    for name, refs in ENTITIES[:count]:
        taken: set[str] = set()

        def pick(kind: str, taken: set[str] = taken) -> str:
            choices = [n for n in FIELD_NAMES[kind] if n not in taken]
            chosen = rng.choice(choices)
            taken.add(chosen)
            return chosen

        fields = [Field(pick("text"), "text", True), Field(pick("text"), "text", True)]
        fields.append(Field(pick("money"), "money", rng.random() < 0.5))
        if rng.random() < 0.6:
            fields.append(Field(pick("count"), "count", True))
        for kind in rng.sample(["text", "count", "flag", "flag", "money", "moment", "tags"], 5):
            fields.append(Field(pick(kind), kind, False))
        required = [f for f in fields if f.required]
        optional = [f for f in fields if not f.required]
        states = (*sorted(rng.sample(STATES[:-1], 4), key=STATES.index), "cancelled")
        article = "an" if name[0] in "aeiou" else "a"
        doc = rng.choice(DOCS).format(a=f"{article} {name.replace('_', ' ')}")
        out.append(Entity(name, refs, states, (*required, *optional), doc))
    return out


# --------------------------------------------------------------------------- modules


LINE_LENGTH = 100


def header(doc: str, *imports: str | None) -> list[str]:
    """The module's docstring and imports (blocks separated by "", sorted as isort does)."""
    lines = [f'"""{doc}"""', "", "from __future__ import annotations", ""]
    block: list[str] = []
    for item in [*imports, ""]:
        if item is None:
            continue
        if item:
            block.append(item)
        elif block:
            lines += sorted(block, key=_import_key)
            lines.append("")
            block = []
    return [*lines, ""]


def _import_key(statement: str) -> tuple[bool, str, str]:
    words = statement.split()
    return (words[0] == "from", words[1].lower(), statement)


def join(lines: Sequence[str]) -> str:
    out: list[str] = []
    for line in "\n".join(lines).split("\n"):
        out += wrap(line)
    out = _space_after_imports(out)
    text = "\n".join(out).rstrip("\n") + "\n"
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text


def _space_after_imports(lines: list[str]) -> list[str]:
    """Two blank lines between the imports and a def or class, else one (as isort does)."""
    last, inside = -1, False
    for i, line in enumerate(lines):
        if inside:
            inside = line != ")"
            last = i
        elif line.startswith(("import ", "from ")):
            inside = line.endswith("(")
            last = i
        elif line and not line.startswith('"""'):
            code = i
            break
    else:
        return lines
    blanks = 2 if lines[code].startswith(("def ", "class ", "@", "async def ")) else 1
    return [*lines[: last + 1], *[""] * blanks, *lines[code:]]


def _brackets(line: str) -> list[tuple[int, int, list[int]]]:
    """Bracket pairs outside strings: (open, close, top-level comma positions)."""
    pairs: list[tuple[int, int, list[int]]] = []
    stack: list[tuple[int, list[int]]] = []
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            stack.append((i, []))
        elif char in ")]}" and stack:
            start, commas = stack.pop()
            pairs.append((start, i, commas))
        elif char == "," and stack:
            stack[-1][1].append(i)
    return sorted(pairs)


def wrap(line: str) -> list[str]:
    """Split a line longer than LINE_LENGTH at its first bracket holding a list, one item
    per line with a trailing comma (the exploded form formatters keep)."""
    if len(line) <= LINE_LENGTH or line.lstrip().startswith(("#", '"""')):
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    for start, end, commas in _brackets(line):
        inner = line[start + 1 : end].strip()
        if not inner or (not commas and len(inner) < 20):
            continue
        cuts = [start, *commas, end]
        items = [line[a + 1 : b].strip() for a, b in itertools.pairwise(cuts)]
        items = [item for item in items if item]
        head, tail = line[: start + 1], line[end:]
        body = [f"{indent}    {item}," for item in items]
        out = [head]
        for item in body:
            out += wrap(item)
        return [*out, indent + tail]
    return [line]


def import_line(module: str, names: Sequence[str]) -> str:
    def kind(name: str) -> int:
        if name.isupper() and len(name) > 1:
            return 0
        return 1 if name[0].isupper() else 2

    names = sorted(set(names), key=lambda n: (kind(n), n))
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return "\n".join([f"from {module} import (", *[f"    {n}," for n in names], ")"])


UTILS: dict[str, str] = {}

UTILS[
    "ids"
] = '''"""Identifiers: one NewType per entity, so an order id is never passed as a customer id."""

from __future__ import annotations

import secrets
import string
from typing import NewType

ALPHABET = string.ascii_lowercase + string.digits


def new_id(prefix: str, length: int = 12) -> str:
    """A random identifier such as ``ord_k3j9x0a1b2c4``."""
    return prefix + "_" + "".join(secrets.choice(ALPHABET) for _ in range(length))


def prefix_of(identifier: str) -> str:
    head, sep, _ = identifier.partition("_")
    return head if sep else ""


'''

UTILS[
    "money"
] = '''"""Money: a decimal amount in a currency; arithmetic refuses to mix currencies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Final

DEFAULT_CURRENCY: Final = "EUR"
CENT: Final = Decimal("0.01")


class CurrencyMismatch(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = DEFAULT_CURRENCY

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def parse(cls, text: str, currency: str = DEFAULT_CURRENCY) -> Money | None:
        try:
            amount = Decimal(text.strip().replace(",", "."))
        except InvalidOperation:
            return None
        if not amount.is_finite():
            return None
        return cls(amount.quantize(CENT, rounding=ROUND_HALF_EVEN), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, factor: int | Decimal) -> Money:
        amount = (self.amount * factor).quantize(CENT, rounding=ROUND_HALF_EVEN)
        return Money(amount, self.currency)

    def share(self, percent: Decimal) -> Money:
        return self.times(percent / 100)

    def is_zero(self) -> bool:
        return self.amount == 0

    def format(self) -> str:
        return f"{self.amount:.2f}"

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"


def money_sum(amounts: Iterable[Money], currency: str = DEFAULT_CURRENCY) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
'''

UTILS["clock"] = '''"""Time: a Clock protocol, so services can be tested at a fixed instant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


def utcnow() -> datetime:
    return datetime.now(UTC)


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


@dataclass
class FixedClock:
    instant: datetime = field(default_factory=utcnow)

    def now(self) -> datetime:
        return self.instant

    def advance(self, **delta: float) -> None:
        self.instant += timedelta(**delta)


def parse_instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
'''

UTILS[
    "result"
] = '''"""A result type: ``Ok(value)`` or ``Err(error)``, for failures that are not bugs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

T = TypeVar("T")
U = TypeVar("U")
E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class Ok(Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class Err(Generic[E]):
    error: E


Result: TypeAlias = Ok[T] | Err[E]


def map_ok(result: Result[T, E], fn: Callable[[T], U]) -> Result[U, E]:
    if isinstance(result, Ok):
        return Ok(fn(result.value))
    return result


def unwrap_or(result: Result[T, E], default: T) -> T:
    return result.value if isinstance(result, Ok) else default


def collect(results: Iterable[Result[T, E]]) -> Result[list[T], list[E]]:
    values: list[T] = []
    errors: list[E] = []
    for result in results:
        if isinstance(result, Ok):
            values.append(result.value)
        else:
            errors.append(result.error)
    if errors:
        return Err(errors)
    return Ok(values)
'''

UTILS["pagination"] = '''"""Pages of results."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")

MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    offset: int
    limit: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total

    def map(self, fn: Callable[[T], U]) -> Page[U]:
        return Page(tuple(fn(item) for item in self.items), self.total, self.offset, self.limit)


def clamp(offset: int, limit: int) -> tuple[int, int]:
    return max(offset, 0), min(max(limit, 1), MAX_LIMIT)


def paginate(items: Sequence[T], offset: int = 0, limit: int = 20) -> Page[T]:
    offset, limit = clamp(offset, limit)
    return Page(tuple(items[offset : offset + limit]), len(items), offset, limit)
'''

UTILS[
    "validation"
] = '''"""Reading untrusted mappings (request bodies) into typed values, collecting errors."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from storefront.utils.clock import parse_instant
from storefront.utils.money import Money
from storefront.utils.text import normalize_space

E = TypeVar("E", bound=enum.Enum)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class Reader:
    """Typed access to a request body; every problem is recorded, none raises."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.errors: list[FieldError] = []

    def fail(self, key: str, message: str) -> None:
        self.errors.append(FieldError(key, message))

    def _get(self, key: str, required: bool) -> object:
        if key not in self.data:
            if required:
                self.fail(key, "is required")
            return None
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default is None)
        if value is None:
            return default or ""
        if not isinstance(value, str):
            self.fail(key, "must be a string")
            return ""
        return normalize_space(value)

    def integer(self, key: str, default: int | None = None) -> int:
        value = self._get(key, default is None)
        if value is None:
            return default or 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, "must be an integer")
            return 0
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
            return default
        return value

    def money(self, key: str, default: Money | None = None) -> Money:
        value = self._get(key, default is None)
        if value is None:
            return default or Money.zero()
        parsed = Money.parse(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail(key, "must be an amount such as 12.50")
            return Money.zero()
        return parsed

    def moment(self, key: str) -> datetime | None:
        value = self._get(key, False)
        if value is None:
            return None
        parsed = parse_instant(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail(key, "must be an ISO 8601 date and time")
        return parsed

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "must be a list of strings")
            return ()
        return tuple(str(v) for v in value)

    def choice(self, key: str, kind: type[E], default: E | None = None) -> E | None:
        value = self._get(key, default is None)
        if value is None:
            return default
        for member in kind:
            if member.value == value:
                return member
        allowed = ", ".join(str(m.value) for m in kind)
        self.fail(key, f"must be one of {allowed}")
        return default
'''

UTILS["text"] = '''"""Text helpers."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EMAIL = re.compile(r"^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", re.IGNORECASE)


def normalize_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def truncate(text: str, width: int, suffix: str = "...") -> str:
    if len(text) <= width:
        return text
    return text[: max(width - len(suffix), 0)].rstrip() + suffix


def normalize_email(text: str) -> str | None:
    email = text.strip().lower()
    return email if _EMAIL.match(email) else None


def initials(name: str) -> str:
    return "".join(part[0].upper() for part in name.split() if part)
'''

UTILS["cache"] = '''"""A small LRU cache and a memoizing decorator."""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
P = ParamSpec("P")
R = TypeVar("R")


class LRUCache(Generic[K, V]):
    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        if key in self._items:
            self._items.move_to_end(key)
            self.hits += 1
            return self._items[key]
        self.misses += 1
        return None

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def discard(self, key: K) -> None:
        self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)


def memoize(fn: Callable[P, R]) -> Callable[P, R]:
    cache: dict[Hashable, R] = {}

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = fn(*args, **kwargs)
        return cache[key]

    return wrapper
'''

UTILS["events"] = '''"""Domain events and a synchronous event bus."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

EventT = TypeVar("EventT", bound="Event")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    occurred_at: datetime

    @property
    def name(self) -> str:
        return type(self).__name__


class Publisher(Protocol):
    def publish(self, event: Event) -> None: ...


class EventBus:
    def __init__(self) -> None:
        self._handlers: defaultdict[type[Event], list[Callable[[Any], None]]] = defaultdict(list)
        self.published: list[Event] = []

    def subscribe(self, kind: type[EventT], handler: Callable[[EventT], None]) -> None:
        self._handlers[kind].append(handler)

    def publish(self, event: Event) -> None:
        self.published.append(event)
        for kind, handlers in list(self._handlers.items()):
            if not isinstance(event, kind):
                continue
            for handler in handlers:
                try:
                    handler(event)
                except Exception:
                    log.exception("handler for %s failed", event.name)
'''

UTILS["retry"] = '''"""Retrying calls that fail for transient reasons."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class TransientError(RuntimeError):
    pass


def retry(
    times: int = 3,
    on: tuple[type[BaseException], ...] = (TransientError,),
    delay: float = 0.0,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, **kwargs)
                except on:
                    if attempt == times:
                        raise
                    time.sleep(delay * attempt)
            raise AssertionError("unreachable")

        return wrapper

    return decorate
'''

UTILS["serialization"] = '''"""JSON helpers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import TypeAlias

JSON: TypeAlias = None | bool | int | float | str | list["JSON"] | dict[str, "JSON"]


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def dumps(value: object) -> str:
    return json.dumps(value, default=_default, sort_keys=True, separators=(",", ":"))


def loads_object(text: str) -> Mapping[str, object] | None:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): v for k, v in value.items()}
'''

UTILS["tasks"] = '''"""asyncio helpers: bounded concurrency and timeouts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


async def gather_limited(limit: int, jobs: Iterable[Callable[[], Awaitable[T]]]) -> list[T]:
    semaphore = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[T]]) -> T:
        async with semaphore:
            return await job()

    return list(await asyncio.gather(*(run(job) for job in jobs)))


async def with_timeout(awaitable: Awaitable[T], seconds: float, default: T) -> T:
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        return default


class Debouncer:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._task: asyncio.Task[None] | None = None

    def call(self, fn: Callable[[], Awaitable[None]]) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

        async def later() -> None:
            await asyncio.sleep(self.delay)
            await fn()

        self._task = asyncio.get_running_loop().create_task(later())
'''

UTILS["logs"] = '''"""Structured logging."""

from __future__ import annotations

import json
import logging
import sys
from typing import Final

FORMAT: Final = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info)
        return json.dumps(payload)


def configure(level: str = "INFO", as_json: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def log_event(logger: logging.Logger, event: str, **fields: object) -> None:
    details = " ".join(f"{key}={value!r}" for key, value in sorted(fields.items()))
    logger.info("%s %s", event, details)
'''

CONFIG = '''"""Settings, from the environment and an optional TOML file."""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    currency: str = "EUR"
    page_size: int = 20
    log_level: str = "INFO"
    log_json: bool = False
    features: frozenset[str] = field(default_factory=frozenset)

    @property
    def production(self) -> bool:
        return self.environment == "production"


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_mapping(env: Mapping[str, str], file: Mapping[str, object] | None = None) -> Settings:
    base = dict(file or {})
    features = base.get("features", [])
    return Settings(
        environment=env.get("STOREFRONT_ENV", str(base.get("environment", "development"))),
        currency=env.get("STOREFRONT_CURRENCY", str(base.get("currency", "EUR"))),
        page_size=int(env.get("STOREFRONT_PAGE_SIZE", str(base.get("page_size", 20)))),
        log_level=env.get("STOREFRONT_LOG_LEVEL", "INFO"),
        log_json=_flag(env.get("STOREFRONT_LOG_JSON", "")),
        features=frozenset(str(f) for f in features) if isinstance(features, list) else frozenset(),
    )


@functools.cache
def get_settings(path: Path | None = None) -> Settings:
    file: dict[str, object] | None = None
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            file = tomllib.load(handle)
    return from_mapping(os.environ, file)
'''


def ids_module(entities: Sequence[Entity]) -> str:
    lines = [UTILS["ids"].rstrip("\n"), "", ""]
    for e in entities:
        lines.append(f'{e.id_type} = NewType("{e.id_type}", str)')
    lines += ["", ""]
    for e in entities:
        prefix = "".join(part[:3] for part in e.name.split("_"))
        lines += [
            f"def new_{e.name}_id() -> {e.id_type}:",
            f'    return {e.id_type}(new_id("{prefix}"))',
            "",
            "",
        ]
    return join(lines)


def model_module(e: Entity) -> str:
    imports = [
        "import enum",
        "from collections.abc import Mapping",
        "from dataclasses import dataclass, field, replace",
        "from datetime import datetime",
        "from typing import Final",
        "",
        "from storefront.models.base import Entity",
        import_line("storefront.utils.ids", [e.id_type, *[camel(r) + "Id" for r in e.refs]]),
    ]
    if e.of_kind("money"):
        imports.append("from storefront.utils.money import Money")
    imports.append("from storefront.utils.clock import utcnow")
    imports.append("from storefront.utils.events import Event")
    lines = header(f"{e.cls}: {e.doc}.", *imports)
    lines += [f"class {e.status}(enum.Enum):"]
    lines += [f'    {s.upper()} = "{s}"' for s in e.states]
    lines += ["", ""]
    lines += [
        f"{e.name.upper()}_TRANSITIONS: Final[Mapping[{e.status}, frozenset[{e.status}]]] = {{"
    ]
    for i, s in enumerate(e.states):
        nxt = [t for t in e.states[i + 1 : i + 3] if t != s]
        if s != "cancelled" and "cancelled" not in nxt:
            nxt.append("cancelled")
        members = ", ".join(f"{e.status}.{t.upper()}" for t in nxt)
        lines.append(f"    {e.status}.{s.upper()}: frozenset({{{members}}}),")
    lines += ["}", ""]
    closed = ", ".join(f"{e.status}.{s.upper()}" for s in e.states[-2:])
    lines += [f"CLOSED_{e.name.upper()}_STATES: Final = frozenset({{{closed}}})", "", ""]
    lines += ["@dataclass(frozen=True, slots=True)", f"class {e.cls}(Entity[{e.id_type}]):"]
    lines += [f'    """{e.doc.capitalize()}."""', ""]
    lines += [f"    status: {e.status}"]
    lines += [f"    {r}_id: {camel(r)}Id" for r in e.refs]
    for f in e.fields:
        if f.required:
            lines.append(f"    {f.name}: {f.annotation}")
    for f in e.fields:
        if not f.required:
            lines.append(f"    {f.name}: {f.annotation} = {KINDS[f.kind][1]}")
    lines += ["    created_at: datetime = field(default_factory=utcnow)", ""]
    lines += [
        "    @property",
        "    def is_open(self) -> bool:",
        f"        return self.status not in CLOSED_{e.name.upper()}_STATES",
        "",
        f"    def can_become(self, status: {e.status}) -> bool:",
        f"        return status in {e.name.upper()}_TRANSITIONS.get(self.status, frozenset())",
        "",
        f"    def with_status(self, status: {e.status}) -> {e.cls}:",
        "        return replace(self, status=status)",
        "",
        "    def describe(self) -> str:",
        f'        return f"{e.cls} {{self.id}} ({{self.status.value}}): {{self.{e.text_field.name}}}"',
        "",
    ]
    for f in e.of_kind("money"):
        lines += [
            f"    def with_{f.name}(self, value: Money) -> {e.cls}:",
            f"        return replace(self, {f.name}=value)",
            "",
        ]
    for f in e.of_kind("tags"):
        lines += [
            f"    def has_{f.name[:-1]}(self, value: str) -> bool:",
            f"        return value in self.{f.name}",
            "",
            f"    def with_{f.name[:-1]}(self, value: str) -> {e.cls}:",
            f"        if value in self.{f.name}:",
            "            return self",
            f"        return replace(self, {f.name}=(*self.{f.name}, value))",
            "",
        ]
    for f in e.of_kind("moment"):
        lines += [
            f"    def {f.name.removesuffix('_at')}_before(self, moment: datetime) -> bool:",
            f"        return self.{f.name} is not None and self.{f.name} < moment",
            "",
        ]
    lines += [
        "",
        "@dataclass(frozen=True)",
        f"class {e.cls}Created(Event):",
        f"    {e.name}_id: {e.id_type}",
        "",
        "",
    ]
    lines += [
        "@dataclass(frozen=True)",
        f"class {e.cls}StatusChanged(Event):",
        f"    {e.name}_id: {e.id_type}",
        f"    old: {e.status}",
        f"    new: {e.status}",
    ]
    return join(lines)


MODELS_BASE = '''"""What every stored entity has."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Entity(Generic[K]):
    id: K

    @property
    def key(self) -> K:
        return self.id
'''


def schema_module(e: Entity) -> str:
    fields_in = list(e.fields)
    optional_money = any(f.kind == "money" and not f.required for f in e.fields)
    imports = [
        "from collections.abc import Mapping",
        "from dataclasses import dataclass, field"
        if optional_money
        else "from dataclasses import dataclass",
        "from datetime import datetime" if e.of_kind("moment") else None,
        "from typing import NotRequired, TypedDict",
        "",
        import_line(f"storefront.models.{e.name}", [e.cls, e.status]),
        import_line("storefront.utils.ids", [camel(r) + "Id" for r in e.refs]) if e.refs else None,
        "from storefront.utils.money import Money" if e.of_kind("money") else None,
        "from storefront.utils.result import Err, Ok, Result",
        "from storefront.utils.serialization import iso" if e.of_kind("moment") else None,
        "from storefront.utils.validation import FieldError, Reader",
    ]
    lines = header(f"{e.cls}: what clients send and what they get back.", *imports)
    lines += [f"class {e.cls}In(TypedDict):"]
    lines += [f"    {r}_id: str" for r in e.refs]
    for f in fields_in:
        kind = KINDS[f.kind][2]
        lines.append(
            f"    {f.name}: {kind}" if f.required else f"    {f.name}: NotRequired[{kind}]"
        )
    lines += ["", ""]
    lines += [f"class {e.cls}Out(TypedDict):", "    id: str", "    status: str"]
    lines += [f"    {r}_id: str" for r in e.refs]
    lines += [f"    {f.name}: {KINDS[f.kind][3]}" for f in e.fields]
    lines += ["    created_at: str", "", ""]
    lines += ["@dataclass(frozen=True)", f"class {e.cls}Create:"]
    lines += [f"    {r}_id: {camel(r)}Id" for r in e.refs]
    lines += [f"    {f.name}: {f.annotation}" for f in e.fields if f.required]
    lines += [
        f"    {f.name}: {f.annotation} = {KINDS[f.kind][1]}" for f in e.fields if not f.required
    ]
    lines += ["", ""]
    lines += [
        f"def parse_{e.name}_create(data: Mapping[str, object]) -> Result[{e.cls}Create, list[FieldError]]:",
        "    reader = Reader(data)",
    ]
    args = []
    for r in e.refs:
        lines.append(f'    {r}_id = {camel(r)}Id(reader.text("{r}_id"))')
        args.append(f"{r}_id")
    for f in e.fields:
        lines.append(f"    {f.name} = {f.read()}")
        args.append(f.name)
    for f in e.of_kind("count"):
        lines += [
            f"    if {f.name} < 0:",
            f'        reader.fail("{f.name}", "must not be negative")',
        ]
    for f in e.of_kind("money")[:1]:
        lines += [
            f"    if {f.name}.amount < 0:",
            f'        reader.fail("{f.name}", "must not be negative")',
        ]
    lines += ["    if reader.errors:", "        return Err(reader.errors)"]
    lines.append(f"    return Ok({e.cls}Create(" + ", ".join(f"{a}={a}" for a in args) + "))")
    lines += ["", ""]
    lines += [f"def dump_{e.name}(item: {e.cls}) -> {e.cls}Out:", "    return {"]
    lines += ['        "id": item.id,', '        "status": item.status.value,']
    lines += [f'        "{r}_id": item.{r}_id,' for r in e.refs]
    lines += [f'        "{f.name}": {f.dump()},' for f in e.fields]
    lines += ['        "created_at": item.created_at.isoformat(),', "    }", "", ""]
    lines += [
        f"def parse_{e.name}_status(value: str) -> {e.status} | None:",
        f"    for status in {e.status}:",
        "        if status.value == value:",
        "            return status",
        "    return None",
    ]
    return join(lines)


REPOSITORIES_BASE = '''"""Storage: a Protocol the services depend on, and an in-memory implementation."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Generic, Protocol, TypeVar

from storefront.utils.pagination import Page, paginate

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class NotFound(LookupError):
    pass


class Repository(Protocol[K, T]):
    def get(self, key: K) -> T | None: ...

    def add(self, item: T) -> None: ...

    def update(self, item: T) -> None: ...

    def remove(self, key: K) -> T | None: ...

    def keys(self) -> Iterable[K]: ...

    def all(self) -> list[T]: ...


class InMemoryRepository(Generic[K, T]):
    def __init__(self, key: Callable[[T], K]) -> None:
        self._key = key
        self._items: dict[K, T] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def get(self, key: K) -> T | None:
        return self._items.get(key)

    def require(self, key: K) -> T:
        item = self._items.get(key)
        if item is None:
            raise NotFound(key)
        return item

    def add(self, item: T) -> None:
        key = self._key(item)
        if key in self._items:
            raise ValueError(f"duplicate key {key!r}")
        self._items[key] = item

    def update(self, item: T) -> None:
        key = self._key(item)
        if key not in self._items:
            raise NotFound(key)
        self._items[key] = item

    def remove(self, key: K) -> T | None:
        return self._items.pop(key, None)

    def keys(self) -> Iterable[K]:
        return list(self._items)

    def all(self) -> list[T]:
        return list(self._items.values())

    def find(self, predicate: Callable[[T], bool]) -> list[T]:
        return [item for item in self._items.values() if predicate(item)]

    def first(self, predicate: Callable[[T], bool]) -> T | None:
        return next((item for item in self._items.values() if predicate(item)), None)

    def page(
        self, offset: int = 0, limit: int = 20, sort: Callable[[T], str] | None = None
    ) -> Page[T]:
        items = self.all()
        if sort is not None:
            items.sort(key=sort)
        return paginate(items, offset, limit)
'''


def repository_module(e: Entity) -> str:
    imports = [
        "from collections import Counter",
        "",
        import_line(f"storefront.models.{e.name}", [e.cls, e.status]),
        "from storefront.repositories.base import InMemoryRepository",
        import_line("storefront.utils.ids", [e.id_type, *[camel(r) + "Id" for r in e.refs]]),
        "from storefront.utils.pagination import Page, paginate",
    ]
    lines = header(f"Storage of {e.plural.replace('_', ' ')}.", *imports)
    t = e.text_field.name
    lines += [
        f"class {e.cls}Repository(InMemoryRepository[{e.id_type}, {e.cls}]):",
        "    def __init__(self) -> None:",
        "        super().__init__(lambda item: item.id)",
        "",
        f"    def by_status(self, status: {e.status}) -> list[{e.cls}]:",
        "        return self.find(lambda item: item.status is status)",
        "",
        f"    def open(self) -> list[{e.cls}]:",
        "        return self.find(lambda item: item.is_open)",
        "",
    ]
    for r in e.refs:
        lines += [
            f"    def by_{r}(self, key: {camel(r)}Id) -> list[{e.cls}]:",
            f"        return self.find(lambda item: item.{r}_id == key)",
            "",
        ]
    lines += [
        f"    def search(self, text: str, offset: int = 0, limit: int = 20) -> Page[{e.cls}]:",
        "        needle = text.casefold()",
        f"        hits = [item for item in self.all() if needle in item.{t}.casefold()]",
        f"        hits.sort(key=lambda item: (item.{t}, item.id))",
        "        return paginate(hits, offset, limit)",
        "",
        f"    def count_by_status(self) -> Counter[{e.status}]:",
        "        return Counter(item.status for item in self.all())",
        "",
    ]
    for f in e.of_kind("tags"):
        lines += [
            f"    def with_{f.name[:-1]}(self, value: str) -> list[{e.cls}]:",
            f"        return self.find(lambda item: value in item.{f.name})",
            "",
        ]
    for f in e.of_kind("flag"):
        lines += [
            f"    def {f.name}_only(self) -> list[{e.cls}]:",
            f"        return self.find(lambda item: item.{f.name})",
            "",
        ]
    return join(lines)


def service_module(e: Entity) -> str:
    ref_repos = [(r, camel(r)) for r in e.refs]
    imports = [
        "import logging",
        "from collections.abc import Mapping",
        "",
        import_line(
            f"storefront.models.{e.name}",
            [e.cls, f"{e.cls}Created", f"{e.cls}StatusChanged", e.status],
        ),
        *[import_line(f"storefront.repositories.{r}", [f"{c}Repository"]) for r, c in ref_repos],
        import_line(f"storefront.repositories.{e.name}", [f"{e.cls}Repository"]),
        import_line(
            f"storefront.schemas.{e.name}",
            [f"{e.cls}Out", f"dump_{e.name}", f"parse_{e.name}_create"],
        ),
        "from storefront.services.base import ServiceBase",
        "from storefront.utils.cache import LRUCache",
        "from storefront.utils.clock import Clock",
        "from storefront.utils.events import Publisher",
        import_line(
            "storefront.utils.ids",
            [e.id_type, f"new_{e.name}_id", *[f"{c}Id" for _, c in ref_repos]],
        ),
        "from storefront.utils.logs import log_event",
        "from storefront.utils.money import Money, money_sum" if e.of_kind("money") else None,
        "from storefront.utils.pagination import Page",
        "from storefront.utils.result import Err, Ok, Result",
        "from storefront.utils.validation import FieldError",
    ]
    lines = header(f"{e.cls} use cases: {e.doc}.", *imports)
    lines += ["log = logging.getLogger(__name__)", "", ""]
    lines += [f"class {e.cls}Service(ServiceBase):", f'    name = "{e.plural}"', ""]
    params = [f"        repo: {e.cls}Repository,"]
    params += [f"        {plural(r)}: {c}Repository," for r, c in ref_repos]
    lines += [
        "    def __init__(",
        "        self,",
        *params,
        "        publisher: Publisher,",
        "        clock: Clock,",
        "    ) -> None:",
    ]
    lines += ["        super().__init__(publisher, clock)", "        self.repo = repo"]
    lines += [f"        self.{plural(r)} = {plural(r)}" for r, _ in ref_repos]
    lines += [f"        self._recent: LRUCache[{e.id_type}, {e.cls}] = LRUCache(128)", ""]
    lines += [
        f"    def create(self, data: Mapping[str, object]) -> Result[{e.cls}, list[FieldError]]:",
        f"        parsed = parse_{e.name}_create(data)",
        "        if isinstance(parsed, Err):",
        "            return parsed",
        "        request = parsed.value",
        "        errors: list[FieldError] = []",
    ]
    for r, _ in ref_repos:
        lines += [
            f"        if self.{plural(r)}.get(request.{r}_id) is None:",
            f'            errors.append(FieldError("{r}_id", "unknown {r.replace("_", " ")}"))',
        ]
    lines += ["        if errors:", "            return Err(errors)"]
    args = [f"id=new_{e.name}_id()", f"status={e.status}.{e.states[0].upper()}"]
    args += [f"{r}_id=request.{r}_id" for r in e.refs]
    args += [f"{f.name}=request.{f.name}" for f in e.fields]
    args += ["created_at=self.now()"]
    lines += [f"        item = {e.cls}(", *[f"            {a}," for a in args], "        )"]
    lines += [
        "        self.repo.add(item)",
        f"        self.emit({e.cls}Created(item.created_at, item.id))",
        f'        log_event(log, "{e.name}.created", id=item.id)',
        "        return Ok(item)",
        "",
        f"    def get(self, key: {e.id_type}) -> {e.cls} | None:",
        "        cached = self._recent.get(key)",
        "        if cached is not None:",
        "            return cached",
        "        item = self.repo.get(key)",
        "        if item is not None:",
        "            self._recent.put(key, item)",
        "        return item",
        "",
        f"    def require(self, key: {e.id_type}) -> Result[{e.cls}, str]:",
        "        item = self.get(key)",
        "        if item is None:",
        f'            return Err(f"no {e.name.replace("_", " ")} {{key}}")',
        "        return Ok(item)",
        "",
        f"    def transition(self, key: {e.id_type}, status: {e.status}) -> Result[{e.cls}, str]:",
        "        found = self.require(key)",
        "        if isinstance(found, Err):",
        "            return found",
        "        item = found.value",
        "        if not item.can_become(status):",
        '            return Err(f"cannot go from {item.status.value} to {status.value}")',
        "        updated = item.with_status(status)",
        "        self.repo.update(updated)",
        "        self._recent.put(key, updated)",
        f"        self.emit({e.cls}StatusChanged(self.now(), key, item.status, status))",
        "        return Ok(updated)",
        "",
        f"    def cancel(self, key: {e.id_type}) -> Result[{e.cls}, str]:",
        f"        return self.transition(key, {e.status}.CANCELLED)",
        "",
        f'    def page(self, text: str = "", offset: int = 0, limit: int = 20) -> Page[{e.cls}Out]:',
        f"        return self.repo.search(text, offset, limit).map(dump_{e.name})",
        "",
        "    def stats(self) -> Mapping[str, int]:",
        "        counts = self.repo.count_by_status()",
        f"        return {{status.value: counts.get(status, 0) for status in {e.status}}}",
        "",
    ]
    for r, c in ref_repos:
        lines += [
            f"    def for_{r}(self, key: {c}Id) -> list[{e.cls}Out]:",
            f"        return [dump_{e.name}(item) for item in self.repo.by_{r}(key)]",
            "",
        ]
    for f in e.of_kind("money"):
        lines += [
            f"    def total_{f.name}(self, status: {e.status} | None = None) -> Money:",
            "        items = self.repo.all() if status is None else self.repo.by_status(status)",
            f"        return money_sum(item.{f.name} for item in items)",
            "",
        ]
    for f in e.of_kind("tags"):
        lines += [
            f"    def tag(self, key: {e.id_type}, value: str) -> Result[{e.cls}, str]:",
            "        found = self.require(key)",
            "        if isinstance(found, Err):",
            "            return found",
            f"        updated = found.value.with_{f.name[:-1]}(value)",
            "        self.repo.update(updated)",
            "        self._recent.discard(key)",
            "        return Ok(updated)",
            "",
        ]
        break
    return join(lines)


SERVICES_BASE = '''"""What every service shares: the event publisher and the clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storefront.utils.clock import Clock
from storefront.utils.events import Event, Publisher
from storefront.utils.validation import FieldError


class ServiceError(RuntimeError):
    pass


class ServiceBase:
    name = "service"

    def __init__(self, publisher: Publisher, clock: Clock) -> None:
        self.publisher = publisher
        self.clock = clock

    def now(self) -> datetime:
        return self.clock.now()

    def emit(self, event: Event) -> None:
        self.publisher.publish(event)


def first_error(errors: Sequence[FieldError]) -> str:
    return str(errors[0]) if errors else ""
'''


def registry_module(entities: Sequence[Entity]) -> str:
    imports = ["from dataclasses import dataclass", ""]
    imports += [
        import_line(f"storefront.repositories.{e.name}", [f"{e.cls}Repository"]) for e in entities
    ]
    imports += ["from storefront.services.reporting import ReportingService"]
    imports += [import_line(f"storefront.services.{e.name}", [f"{e.cls}Service"]) for e in entities]
    imports += [
        "from storefront.utils.clock import Clock, SystemClock",
        "from storefront.utils.events import EventBus",
    ]
    lines = header("All services, wired together.", *imports)
    lines += ["@dataclass", "class Services:", "    bus: EventBus"]
    lines += [f"    {e.plural}: {e.cls}Service" for e in entities]
    lines += ["    reporting: ReportingService", "", ""]
    lines += [
        "def build_services(clock: Clock | None = None) -> Services:",
        "    clock = clock or SystemClock()",
        "    bus = EventBus()",
    ]
    for e in entities:
        lines.append(f"    {e.name}_repo = {e.cls}Repository()")
    built = []
    for e in entities:
        args = [f"{e.name}_repo"] + [f"{r}_repo" for r in e.refs] + ["bus", "clock"]
        lines.append(f"    {e.plural} = {e.cls}Service({', '.join(args)})")
        built.append(e.plural)
    rep = ", ".join(plural(r) for r in REPORTING)
    lines.append(f"    reporting = ReportingService({rep})")
    lines += ["    return Services(", "        bus=bus,"]
    lines += [f"        {p}={p}," for p in built]
    lines += ["        reporting=reporting,", "    )"]
    return join(lines)


def reporting_module(by_name: dict[str, Entity]) -> str:
    """The first broken module: three ``-> dict``."""
    c, o, p, _ = (by_name[n] for n in REPORTING)
    imports = [
        "from collections.abc import Iterable",
        "",
        import_line("storefront.models.order", [o.status]),
        "from storefront.schemas.report import ReportRow, rows_from",
        "from storefront.services.customer import CustomerService",
        "from storefront.services.inventory import InventoryService",
        "from storefront.services.order import OrderService",
        "from storefront.services.payment import PaymentService",
        "from storefront.utils.ids import CustomerId",
    ]
    om = o.of_kind("money")[0].name
    pm = p.of_kind("money")[0].name
    lines = header("Reports for the back office.", *imports)
    lines += [
        "class ReportingService:",
        "    def __init__(",
        "        self,",
        "        customers: CustomerService,",
        "        orders: OrderService,",
        "        payments: PaymentService,",
        "        inventories: InventoryService,",
        "    ) -> None:",
        "        self.customers = customers",
        "        self.orders = orders",
        "        self.payments = payments",
        "        self.inventories = inventories",
        "",
        "    def sales_summary(self) -> dict:",
        "        orders = self.orders.repo.all()",
        "        return {",
        '            "orders": len(orders),',
        '            "open": sum(1 for order in orders if order.is_open),',
        f'            "ordered": self.orders.total_{om}().format(),',
        f'            "paid": self.payments.total_{pm}().format(),',
        "        }",
        "",
        "    def order_statuses(self) -> dict:",
        "        stats = self.orders.stats()",
        f'        return {{"statuses": dict(stats), "cancelled": stats.get({o.status}.CANCELLED.value, 0)}}',
        "",
        "    def customer_summary(self, key: CustomerId) -> dict:",
        "        customer = self.customers.get(key)",
        "        if customer is None:",
        '            return {"customer": key, "found": False}',
        "        orders = self.orders.for_customer(key)",
        f'        return {{"customer": key, "found": True, "orders": len(orders), "name": customer.{c.text_field.name}}}',
        "",
        "    def stock_rows(self) -> list[ReportRow]:",
        "        return rows_from(self.inventories.stats())",
        "",
        "    def all_rows(self, extra: Iterable[ReportRow] = ()) -> list[ReportRow]:",
        "        return [*rows_from(self.orders.stats()), *self.stock_rows(), *extra]",
    ]
    return join(lines)


REPORT_SCHEMA = '''"""Tabular reports: rows of label and value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict


class ReportRow(TypedDict):
    label: str
    value: str


def rows_from(summary: Mapping[str, object]) -> list[ReportRow]:
    return [{"label": key, "value": str(value)} for key, value in sorted(summary.items())]


def render_table(rows: list, width: int = 32) -> str:
    lines: list[str] = []
    for row in rows:
        lines.append(f"{row['label']:<{width}}{row['value']:>12}")
    return "\\n".join(lines)


def widest(rows: Sequence[ReportRow]) -> dict:
    labels = [row["label"] for row in rows]
    return {"rows": len(rows), "width": max((len(label) for label in labels), default=0)}


def merge(first: list, second: Sequence[ReportRow]) -> list[ReportRow]:
    seen = {row["label"] for row in second}
    kept: list[ReportRow] = [row for row in first if row["label"] not in seen]
    return [*kept, *second]
'''

API_RESPONSES = '''"""What handlers return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from storefront.utils.validation import FieldError

T = TypeVar("T")


@dataclass(frozen=True)
class Response(Generic[T]):
    status: int
    body: T | None = None
    errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def ok(body: T) -> Response[T]:
    return Response(200, body)


def created(body: T) -> Response[T]:
    return Response(201, body)


def not_found(what: str, body_type: type[T]) -> Response[T]:
    return Response(404, None, (f"{what} not found",))


def invalid(errors: Sequence[FieldError], body_type: type[T]) -> Response[T]:
    return Response(422, None, tuple(str(e) for e in errors))


def conflict(message: str, body_type: type[T]) -> Response[T]:
    return Response(409, None, (message,))
'''

API_CONTEXT = '''"""The request as handlers see it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from storefront.services.registry import Services


@dataclass(frozen=True)
class RequestContext:
    services: Services
    params: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    user: str | None = None

    def param(self, name: str) -> str:
        return self.params[name]

    def int_query(self, name: str, default: int) -> int:
        raw = self.query.get(name)
        if raw is None or not raw.strip().lstrip("-").isdigit():
            return default
        return int(raw)
'''

API_ROUTING = '''"""A small router: ``@router.get("/{id}")`` registers a handler."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from storefront.api.context import RequestContext
from storefront.api.responses import Response

Handler = Callable[[RequestContext, Mapping[str, object]], Response[Any]]
H = TypeVar("H", bound=Handler)
_PARAM = re.compile(r"\\{(\\w+)\\}")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("^" + _PARAM.sub(r"(?P<\\1>[^/]+)", self.path) + "$")

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        found = self.pattern.match(path)
        return None if found is None else found.groupdict()


class Router:
    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.routes: list[Route] = []

    def route(self, method: str, path: str) -> Callable[[H], H]:
        def register(handler: H) -> H:
            self.routes.append(Route(method, self.prefix + path, handler))
            return handler

        return register

    def get(self, path: str) -> Callable[[H], H]:
        return self.route("GET", path)

    def post(self, path: str) -> Callable[[H], H]:
        return self.route("POST", path)

    def include(self, other: Router) -> None:
        self.routes.extend(other.routes)

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            params = route.match(method, path)
            if params is not None:
                return route, params
        return None


def combine(routers: Iterable[Router]) -> Router:
    root = Router()
    for router in routers:
        root.include(router)
    return root
'''


def api_module(e: Entity) -> str:
    imports = [
        "from collections.abc import Mapping",
        "",
        "from storefront.api.context import RequestContext",
        "from storefront.api.responses import Response, conflict, created, invalid, not_found, ok",
        "from storefront.api.routing import Router",
        import_line(f"storefront.models.{e.name}", [e.status]),
        import_line(f"storefront.schemas.{e.name}", [f"{e.cls}Out", f"dump_{e.name}"]),
        import_line("storefront.utils.ids", [e.id_type]),
        "from storefront.utils.pagination import Page",
        "from storefront.utils.result import Err",
        "from storefront.utils.validation import Reader",
    ]
    lines = header(f"HTTP handlers for {e.plural.replace('_', ' ')}.", *imports)
    svc = f"ctx.services.{e.plural}"
    out = f"{e.cls}Out"
    path = "/" + e.plural.replace("_", "-")
    lines += [f'router = Router("{path}")', "", ""]
    lines += [
        '@router.post("")',
        f"def create_{e.name}(ctx: RequestContext, body: Mapping[str, object]) -> Response[{out}]:",
        f"    result = {svc}.create(body)",
        "    if isinstance(result, Err):",
        f"        return invalid(result.error, {out})",
        f"    return created(dump_{e.name}(result.value))",
        "",
        "",
        '@router.get("/{id}")',
        f"def get_{e.name}(ctx: RequestContext, body: Mapping[str, object]) -> Response[{out}]:",
        f'    item = {svc}.get({e.id_type}(ctx.param("id")))',
        "    if item is None:",
        f'        return not_found("{e.name.replace("_", " ")}", {out})',
        f"    return ok(dump_{e.name}(item))",
        "",
        "",
        '@router.get("")',
        f"def list_{e.plural}(ctx: RequestContext, body: Mapping[str, object]) -> Response[Page[{out}]]:",
        '    offset = ctx.int_query("offset", 0)',
        '    limit = ctx.int_query("limit", 20)',
        f'    return ok({svc}.page(ctx.query.get("q", ""), offset, limit))',
        "",
        "",
        '@router.post("/{id}/status")',
        f"def set_{e.name}_status(ctx: RequestContext, body: Mapping[str, object]) -> Response[{out}]:",
        "    reader = Reader(body)",
        f'    status = reader.choice("status", {e.status})',
        "    if status is None or reader.errors:",
        f"        return invalid(reader.errors, {out})",
        f'    result = {svc}.transition({e.id_type}(ctx.param("id")), status)',
        "    if isinstance(result, Err):",
        f"        return conflict(result.error, {out})",
        f"    return ok(dump_{e.name}(result.value))",
        "",
        "",
        '@router.get("/stats")',
        f"def {e.name}_stats(ctx: RequestContext, body: Mapping[str, object]) -> Response[Mapping[str, int]]:",
        f"    return ok({svc}.stats())",
    ]
    return join(lines)


def admin_module(entities: Sequence[Entity]) -> str:
    """The third broken module: two ``-> dict``."""
    imports = [
        "import platform",
        "import sys",
        "from collections.abc import Mapping",
        "",
        "from storefront import __version__",
        "from storefront.api.context import RequestContext",
        "from storefront.api.responses import Response, ok",
        "from storefront.api.routing import Router",
        "from storefront.services.registry import Services",
    ]
    lines = header("Operational endpoints.", *imports)
    lines += ['router = Router("/admin")', "", ""]
    lines += ["def _counts(services: Services) -> Mapping[str, int]:", "    return {"]
    lines += [f'        "{e.plural}": len(services.{e.plural}.repo),' for e in entities]
    lines += ["    }", "", ""]
    lines += [
        "def health_payload(services: Services) -> dict:",
        "    counts = _counts(services)",
        '    return {"status": "ok", "version": __version__, "entities": sum(counts.values())}',
        "",
        "",
        "def runtime_payload() -> dict:",
        "    return {",
        '        "python": sys.version.split()[0],',
        '        "implementation": platform.python_implementation(),',
        '        "platform": sys.platform,',
        "    }",
        "",
        "",
        '@router.get("/health")',
        "def health(ctx: RequestContext, body: Mapping[str, object]) -> Response[dict[str, object]]:",
        "    return ok(dict(health_payload(ctx.services)))",
        "",
        "",
        '@router.get("/runtime")',
        "def runtime(ctx: RequestContext, body: Mapping[str, object]) -> Response[dict[str, object]]:",
        "    return ok(dict(runtime_payload()))",
        "",
        "",
        '@router.get("/counts")',
        "def counts(ctx: RequestContext, body: Mapping[str, object]) -> Response[Mapping[str, int]]:",
        "    return ok(_counts(ctx.services))",
    ]
    return join(lines)


API_REPORTS = '''"""Report endpoints."""

from __future__ import annotations

from collections.abc import Mapping

from storefront.api.context import RequestContext
from storefront.api.responses import Response, ok
from storefront.api.routing import Router
from storefront.schemas.report import ReportRow, render_table

router = Router("/reports")


@router.get("/sales")
def sales(ctx: RequestContext, body: Mapping[str, object]) -> Response[dict[str, object]]:
    return ok(dict(ctx.services.reporting.sales_summary()))


@router.get("/rows")
def rows(ctx: RequestContext, body: Mapping[str, object]) -> Response[list[ReportRow]]:
    return ok(ctx.services.reporting.all_rows())


@router.get("/table")
def table(ctx: RequestContext, body: Mapping[str, object]) -> Response[str]:
    return ok(render_table(ctx.services.reporting.all_rows()))
'''


def app_module(entities: Sequence[Entity]) -> str:
    imports = [
        "import asyncio",
        "import functools",
        "from collections.abc import Mapping",
        "from pathlib import Path",
        "",
        "from storefront.api import admin, reports",
        *[f"from storefront.api import {e.name} as {e.name}_api" for e in entities],
        "from storefront.api.context import RequestContext",
        "from storefront.api.responses import Response",
        "from storefront.api.routing import Router, combine",
        "from storefront.config import Settings, get_settings",
        "from storefront.services.registry import Services, build_services",
        "from storefront.utils.logs import configure",
        "from storefront.utils.serialization import dumps, loads_object",
        "from storefront.utils.tasks import gather_limited",
    ]
    lines = header("The application: settings, services and routes.", *imports)
    lines += [
        "class Application:",
        "    def __init__(self, settings: Settings, services: Services) -> None:",
        "        self.settings = settings",
        "        self.services = services",
        "        self.router = build_router()",
        "",
        "    def handle(",
        '        self, method: str, path: str, body: str = "", query: Mapping[str, str] | None = None',
        "    ) -> tuple[int, str]:",
        "        found = self.router.resolve(method, path)",
        "        if found is None:",
        '            return 404, dumps({"errors": ["no such route"]})',
        "        route, params = found",
        "        data = loads_object(body) if body else {}",
        "        if data is None:",
        '            return 400, dumps({"errors": ["the body must be a JSON object"]})',
        "        ctx = RequestContext(self.services, params, query or {})",
        "        response: Response[object] = route.handler(ctx, data)",
        '        payload = {"data": response.body} if response.ok else {"errors": list(response.errors)}',
        "        return response.status, dumps(payload)",
        "",
        "    async def handle_many(self, requests: list[tuple[str, str, str]]) -> list[tuple[int, str]]:",
        "        async def one(method: str, path: str, body: str) -> tuple[int, str]:",
        "            return self.handle(method, path, body)",
        "",
        "        return await gather_limited(8, [functools.partial(one, m, p, b) for m, p, b in requests])",
        "",
        "",
        "def build_router() -> Router:",
        "    return combine(",
        "        [",
        *[f"            {e.name}_api.router," for e in entities],
        "            admin.router,",
        "            reports.router,",
        "        ]",
        "    )",
        "",
        "",
        "def create_app(config: Path | None = None) -> Application:",
        "    settings = get_settings(config)",
        "    configure(settings.log_level, settings.log_json)",
        "    return Application(settings, build_services())",
        "",
        "",
        "def main() -> None:",
        "    app = create_app()",
        '    status, body = app.handle("GET", "/admin/health")',
        "    print(status, body)",
        '    print(asyncio.run(app.handle_many([("GET", "/admin/runtime", "")])))',
    ]
    return join(lines)


SQLITE_BASE = """\"\"\"SQLite storage: one table per entity, (id, status, created_at, data as JSON).\"\"\"

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import ClassVar, Generic, TypeVar

from storefront.utils.serialization import dumps

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
Row = tuple[str, str, str, Mapping[str, object]]


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()


class SqliteRepository(ABC, Generic[K, T]):
    table: ClassVar[str]

    def __init__(self, conn: sqlite3.Connection, key_type: Callable[[str], K]) -> None:
        self.conn = conn
        self.key_type = key_type

    @classmethod
    def ddl(cls) -> str:
        return (
            f"CREATE TABLE IF NOT EXISTS {cls.table} (id TEXT PRIMARY KEY, status TEXT NOT NULL,"
            " created_at TEXT NOT NULL, data TEXT NOT NULL)"
        )

    @abstractmethod
    def to_row(self, item: T) -> Row: ...

    @abstractmethod
    def from_row(self, row: sqlite3.Row) -> T: ...

    def get(self, key: K) -> T | None:
        query = f"SELECT * FROM {self.table} WHERE id = ?"
        row = self.conn.execute(query, (str(key),)).fetchone()
        return None if row is None else self.from_row(row)

    def add(self, item: T) -> None:
        key, status, created, data = self.to_row(item)
        with transaction(self.conn):
            self.conn.execute(
                f"INSERT INTO {self.table} VALUES (?, ?, ?, ?)", (key, status, created, dumps(data))
            )

    def update(self, item: T) -> None:
        key, status, _, data = self.to_row(item)
        with transaction(self.conn):
            self.conn.execute(
                f"UPDATE {self.table} SET status = ?, data = ? WHERE id = ?",
                (status, dumps(data), key),
            )

    def remove(self, key: K) -> T | None:
        item = self.get(key)
        if item is not None:
            with transaction(self.conn):
                self.conn.execute(f"DELETE FROM {self.table} WHERE id = ?", (str(key),))
        return item

    def keys(self) -> Iterable[K]:
        rows = self.conn.execute(f"SELECT id FROM {self.table} ORDER BY id")
        return [self.key_type(row["id"]) for row in rows]

    def all(self) -> list[T]:
        rows = self.conn.execute(f"SELECT * FROM {self.table} ORDER BY created_at, id")
        return [self.from_row(row) for row in rows]

    def where_status(self, status: str) -> list[T]:
        rows = self.conn.execute(f"SELECT * FROM {self.table} WHERE status = ?", (status,))
        return [self.from_row(row) for row in rows]

    def count(self) -> int:
        row = self.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()
        return int(row[0])
"""


def from_json(f: Field) -> str:
    value = f'data["{f.name}"]'
    if f.kind == "text":
        return f"str({value})"
    if f.kind == "count":
        return f"int({value})"
    if f.kind == "flag":
        return f"bool({value})"
    if f.kind == "money":
        return f"Money(Decimal({value}))"
    if f.kind == "moment":
        return f'parse_instant(data.get("{f.name}") or "")'
    return f"tuple(str(v) for v in {value})"


def sqlite_module(e: Entity) -> str:
    imports = [
        "import json",
        "import sqlite3",
        "from decimal import Decimal" if e.of_kind("money") else None,
        "from typing import Any",
        "",
        "from storefront.adapters.sqlite.base import Row, SqliteRepository",
        import_line(f"storefront.models.{e.name}", [e.cls, e.status]),
        import_line(f"storefront.schemas.{e.name}", [f"dump_{e.name}"]),
        "from storefront.utils.clock import parse_instant, utcnow",
        import_line("storefront.utils.ids", [e.id_type, *[camel(r) + "Id" for r in e.refs]]),
        "from storefront.utils.money import Money" if e.of_kind("money") else None,
    ]
    lines = header(f"{e.cls} in SQLite.", *imports)
    lines += [
        f"class Sqlite{e.cls}Repository(SqliteRepository[{e.id_type}, {e.cls}]):",
        f'    table = "{e.plural}"',
        "",
        "    def __init__(self, conn: sqlite3.Connection) -> None:",
        f"        super().__init__(conn, {e.id_type})",
        "",
        f"    def to_row(self, item: {e.cls}) -> Row:",
        f"        return item.id, item.status.value, item.created_at.isoformat(), dump_{e.name}(item)",
        "",
        f"    def from_row(self, row: sqlite3.Row) -> {e.cls}:",
        '        data: dict[str, Any] = json.loads(row["data"])',
        f"        return {e.cls}(",
        f'            id={e.id_type}(row["id"]),',
        f'            status={e.status}(row["status"]),',
        *[f'            {r}_id={camel(r)}Id(data["{r}_id"]),' for r in e.refs],
        *[f"            {f.name}={from_json(f)}," for f in e.fields],
        '            created_at=parse_instant(row["created_at"]) or utcnow(),',
        "        )",
        "",
        f"    def by_status(self, status: {e.status}) -> list[{e.cls}]:",
        "        return self.where_status(status.value)",
        "",
    ]
    for r in e.refs:
        lines += [
            f"    def by_{r}(self, key: {camel(r)}Id) -> list[{e.cls}]:",
            f"        return [item for item in self.all() if item.{r}_id == key]",
            "",
        ]
    return join(lines)


def sqlite_schema_module(entities: Sequence[Entity]) -> str:
    imports = [
        "import sqlite3",
        "from typing import Any, Final",
        "",
        "from storefront.adapters.sqlite.base import SqliteRepository, transaction",
        *[
            import_line(f"storefront.adapters.sqlite.{e.name}", [f"Sqlite{e.cls}Repository"])
            for e in entities
        ],
        "from storefront.repositories.base import Repository",
    ]
    lines = header("The database schema, and every SQLite repository.", *imports)
    lines += ["TABLES: Final[tuple[type[SqliteRepository[Any, Any]], ...]] = ("]
    lines += [f"    Sqlite{e.cls}Repository," for e in entities]
    lines += [")", "", ""]
    lines += [
        "def create_all(conn: sqlite3.Connection) -> None:",
        "    with transaction(conn):",
        "        for table in TABLES:",
        "            conn.execute(table.ddl())",
        "",
        "",
        "def open_repositories(conn: sqlite3.Connection) -> dict[str, Repository[Any, Any]]:",
        "    return {",
    ]
    lines += [f'        "{e.plural}": Sqlite{e.cls}Repository(conn),' for e in entities]
    lines += ["    }"]
    return join(lines)


def csv_cell(f: Field) -> str:
    value = f'item["{f.name}"]'
    if f.kind == "text" or f.kind == "money":
        return value
    if f.kind == "count":
        return f"str({value})"
    if f.kind == "flag":
        return f'"yes" if {value} else "no"'
    if f.kind == "moment":
        return f'{value} or ""'
    return f'";".join({value})'


def export_module(e: Entity) -> str:
    imports = [
        "from collections.abc import Iterable",
        "from typing import Final, TextIO",
        "",
        "from storefront.exports.base import ExportSummary, write_csv",
        import_line(f"storefront.models.{e.name}", [e.cls]),
        import_line(
            f"storefront.schemas.{e.name}",
            [f"{e.cls}Create", f"{e.cls}Out", f"dump_{e.name}", f"parse_{e.name}_create"],
        ),
        "from storefront.utils.result import Err, Ok, Result",
        "from storefront.utils.serialization import loads_object",
        "from storefront.utils.validation import FieldError",
    ]
    lines = header(f"CSV exports and JSON-lines imports of {e.plural.replace('_', ' ')}.", *imports)
    columns = [
        "id",
        "status",
        *[f"{r}_id" for r in e.refs],
        *[f.name for f in e.fields],
        "created_at",
    ]
    lines += ["COLUMNS: Final = ("]
    lines += [f'    "{c}",' for c in columns]
    lines += [")", "", ""]
    lines += [f"def {e.name}_row(item: {e.cls}Out) -> list[str]:", "    return ["]
    lines += ['        item["id"],', '        item["status"],']
    lines += [f'        item["{r}_id"],' for r in e.refs]
    lines += [f"        {csv_cell(f)}," for f in e.fields]
    lines += ['        item["created_at"],', "    ]", "", ""]
    lines += [
        f"def export_{e.plural}(items: Iterable[{e.cls}], out: TextIO) -> ExportSummary:",
        f"    return write_csv(out, COLUMNS, ({e.name}_row(dump_{e.name}(item)) for item in items))",
        "",
        "",
        f"def import_{e.plural}(text: str) -> Result[list[{e.cls}Create], list[FieldError]]:",
        f"    created: list[{e.cls}Create] = []",
        "    errors: list[FieldError] = []",
        "    for number, line in enumerate(text.splitlines(), 1):",
        "        if not line.strip():",
        "            continue",
        "        data = loads_object(line)",
        "        if data is None:",
        '            errors.append(FieldError(f"line {number}", "not a JSON object"))',
        "            continue",
        f"        parsed = parse_{e.name}_create(data)",
        "        if isinstance(parsed, Err):",
        '            errors.extend(FieldError(f"line {number}: {e.field}", e.message) for e in parsed.error)',
        "        else:",
        "            created.append(parsed.value)",
        "    if errors:",
        "        return Err(errors)",
        "    return Ok(created)",
    ]
    return join(lines)


EXPORTS_BASE = """\"\"\"Writing exports: CSV files, bundled in a zip archive.\"\"\"

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    columns: int


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> ExportSummary:
    writer = csv.writer(out, lineterminator="\\\\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return ExportSummary(count, len(columns))


def zip_texts(files: Mapping[str, str], when: datetime | None = None) -> bytes:
    buffer = io.BytesIO()
    stamp = (when or datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), text)
    return buffer.getvalue()
"""


def exports_archive_module(entities: Sequence[Entity]) -> str:
    imports = [
        "import io",
        "from collections.abc import Callable",
        "",
        "from storefront.exports.base import ExportSummary, zip_texts",
        *[import_line(f"storefront.exports.{e.name}", [f"export_{e.plural}"]) for e in entities],
        "from storefront.services.registry import Services",
    ]
    lines = header("Everything the shop stores, as one zip of CSV files.", *imports)
    lines += [
        "def _run(export: Callable[[io.StringIO], ExportSummary]) -> tuple[str, int]:",
        "    out = io.StringIO()",
        "    summary = export(out)",
        "    return out.getvalue(), summary.rows",
        "",
        "",
        "def export_all(services: Services) -> tuple[bytes, dict[str, int]]:",
        "    files: dict[str, str] = {}",
        "    counts: dict[str, int] = {}",
    ]
    for e in entities:
        lines += [
            f"    text, rows = _run(lambda out: export_{e.plural}(services.{e.plural}.repo.all(), out))",
            f'    files["{e.plural}.csv"] = text',
            f'    counts["{e.plural}"] = rows',
        ]
    lines += ["    return zip_texts(files), counts"]
    return join(lines)


WEBHOOKS = """\"\"\"Webhooks: events POSTed, signed, to the endpoints that subscribed to them.\"\"\"

from __future__ import annotations

import hashlib
import hmac
import logging
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from urllib.error import URLError

from storefront.utils.events import Event
from storefront.utils.retry import TransientError, retry
from storefront.utils.serialization import dumps

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoint:
    url: str
    secret: bytes
    events: frozenset[str] = field(default_factory=frozenset)

    def wants(self, event: Event) -> bool:
        return not self.events or event.name in self.events


def sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


@retry(times=3, on=(TransientError,), delay=0.5)
def deliver(endpoint: Endpoint, body: bytes, timeout: float = 5.0) -> int:
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Signature": sign(endpoint.secret, body)},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except URLError as exc:
        raise TransientError(str(exc)) from exc


class WebhookPublisher:
    def __init__(self, endpoints: Sequence[Endpoint], workers: int = 4) -> None:
        self.endpoints = tuple(endpoints)
        self.workers = workers

    def payload(self, event: Event) -> bytes:
        return dumps({"event": event.name, "data": asdict(event)}).encode()

    def publish(self, event: Event) -> None:
        targets = [e for e in self.endpoints if e.wants(event)]
        if not targets:
            return
        body = self.payload(event)
        with ThreadPoolExecutor(self.workers) as pool:
            futures = {pool.submit(deliver, target, body): target for target in targets}
            for future in as_completed(futures):
                try:
                    future.result()
                except Exception:
                    log.exception("webhook to %s failed", futures[future].url)
"""

MAILER = """\"\"\"E-mail notifications.\"\"\"

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from storefront.utils.text import normalize_email


@dataclass(frozen=True)
class MailSettings:
    host: str = "localhost"
    port: int = 25
    sender: str = "shop@example.com"
    sender_name: str = "The Shop"


def build_message(settings: MailSettings, to: str, subject: str, body: str) -> EmailMessage | None:
    address = normalize_email(to)
    if address is None:
        return None
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = address
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=settings.sender.partition("@")[2] or None)
    message.set_content(body)
    return message


def send(settings: MailSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
        smtp.send_message(message)
"""

SERVER = """\"\"\"A plain HTTP server in front of the application.\"\"\"

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from storefront.app import Application, create_app


def make_handler(app: Application) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _respond(self, method: str) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            status, payload = app.handle(method, url.path, body, dict(parse_qsl(url.query)))
            data = payload.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._respond("GET")

        def do_POST(self) -> None:
            self._respond("POST")

    return Handler


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    app = create_app()
    with ThreadingHTTPServer((host, port), make_handler(app)) as server:
        server.serve_forever()
"""


PYPROJECT = """[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "storefront"
version = "0.4.2"
description = "The shop's back office API"
requires-python = ">=3.11"
dependencies = []

[project.optional-dependencies]
dev = ["mypy>=1.10", "pytest>=8"]

[tool.setuptools.packages.find]
include = ["storefront*"]

[tool.mypy]
python_version = "3.11"
strict = true

[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP", "SIM"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

WORKFLOW = """name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  backend:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        python-version: ["3.11", "3.12"]
    defaults:
      run:
        working-directory: backend
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - name: Install dependencies
        run: python -m pip install -e ".[dev]"
      - name: Type check
        run: mypy storefront
      - name: Test
        run: pytest -q
"""

TESTS = """from __future__ import annotations

from storefront.services.registry import build_services
from storefront.utils.clock import FixedClock


def test_customer_round_trip() -> None:
    services = build_services(FixedClock())
    created = services.customers.create({KEYS})
    assert created.__class__.__name__ == "Ok", created
"""


@dataclass(frozen=True)
class Fixture:
    repo: Path
    modules: int
    lines: int


def write_repo(dest: Path, seed: int = 1, entities: int = len(ENTITIES)) -> Fixture:
    """Write the repository's files into ``dest`` (created; must not exist)."""
    if not MIN_ENTITIES <= entities <= len(ENTITIES):
        raise ValueError(f"entities must be between {MIN_ENTITIES} and {len(ENTITIES)}")
    rng = random.Random(seed)
    ents = make_entities(rng, entities)
    by_name = {e.name: e for e in ents}
    pkg = f"{WORKDIR}/{PACKAGE}"
    files: dict[str, str] = {
        ".github/workflows/ci.yml": WORKFLOW,
        ".gitignore": "__pycache__/\n*.egg-info/\n.mypy_cache/\n.venv/\n",
        "README.md": "# storefront\n\nThe shop's back office API. See `backend/`.\n",
        f"{WORKDIR}/pyproject.toml": PYPROJECT,
        f"{pkg}/__init__.py": '"""The shop\'s back office API."""\n\n__version__ = "0.4.2"\n',
        f"{pkg}/py.typed": "",
        f"{pkg}/config.py": CONFIG,
        f"{pkg}/app.py": app_module(ents),
        f"{pkg}/utils/__init__.py": '"""Shared helpers with no knowledge of the domain."""\n',
        f"{pkg}/utils/ids.py": ids_module(ents),
        f"{pkg}/models/__init__.py": '"""The domain model: frozen dataclasses."""\n',
        f"{pkg}/models/base.py": MODELS_BASE,
        f"{pkg}/schemas/__init__.py": '"""Request and response shapes."""\n',
        f"{pkg}/schemas/report.py": REPORT_SCHEMA,
        f"{pkg}/repositories/__init__.py": '"""Storage."""\n',
        f"{pkg}/repositories/base.py": REPOSITORIES_BASE,
        f"{pkg}/services/__init__.py": '"""Use cases."""\n',
        f"{pkg}/services/base.py": SERVICES_BASE,
        f"{pkg}/services/registry.py": registry_module(ents),
        f"{pkg}/services/reporting.py": reporting_module(by_name),
        f"{pkg}/api/__init__.py": '"""HTTP handlers."""\n',
        f"{pkg}/api/responses.py": API_RESPONSES,
        f"{pkg}/api/context.py": API_CONTEXT,
        f"{pkg}/api/routing.py": API_ROUTING,
        f"{pkg}/api/admin.py": admin_module(ents),
        f"{pkg}/api/reports.py": API_REPORTS,
        f"{pkg}/server.py": SERVER,
        f"{pkg}/adapters/__init__.py": '"""Connections to the outside world."""\n',
        f"{pkg}/adapters/webhooks.py": WEBHOOKS,
        f"{pkg}/adapters/mailer.py": MAILER,
        f"{pkg}/adapters/sqlite/__init__.py": '"""SQLite storage."""\n',
        f"{pkg}/adapters/sqlite/base.py": SQLITE_BASE,
        f"{pkg}/adapters/sqlite/schema.py": sqlite_schema_module(ents),
        f"{pkg}/exports/__init__.py": '"""Exports and imports."""\n',
        f"{pkg}/exports/base.py": EXPORTS_BASE,
        f"{pkg}/exports/archive.py": exports_archive_module(ents),
    }
    for name, text in UTILS.items():
        if name != "ids":
            files[f"{pkg}/utils/{name}.py"] = text
    for e in ents:
        files[f"{pkg}/models/{e.name}.py"] = model_module(e)
        files[f"{pkg}/schemas/{e.name}.py"] = schema_module(e)
        files[f"{pkg}/repositories/{e.name}.py"] = repository_module(e)
        files[f"{pkg}/services/{e.name}.py"] = service_module(e)
        files[f"{pkg}/api/{e.name}.py"] = api_module(e)
        files[f"{pkg}/adapters/sqlite/{e.name}.py"] = sqlite_module(e)
        files[f"{pkg}/exports/{e.name}.py"] = export_module(e)
    customer = by_name["customer"]
    keys = {
        f.name: '"x"' if f.kind == "text" else "1" if f.kind == "count" else '"10.00"'
        for f in customer.fields
        if f.required
    }
    body = "{" + ", ".join(f'"{k}": {v}' for k, v in keys.items()) + "}"
    files[f"{WORKDIR}/tests/test_smoke.py"] = TESTS.replace("{KEYS}", body)
    dest.mkdir(parents=True)
    for rel, text in sorted(files.items()):
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    modules = [p for p in files if p.startswith(pkg) and p.endswith(".py")]
    lines = sum(files[p].count("\n") for p in modules)
    return Fixture(dest, len(modules), lines)


# --------------------------------------------------------------------------- the CI run


@dataclass(frozen=True)
class MypyOutput:
    code: int
    lines: list[str]


def run_mypy(repo: Path, python: str = sys.executable) -> MypyOutput:
    """Run the CI's ``mypy storefront`` with real mypy, in a throwaway copy (no cache left
    behind in ``repo``), with a cache of its own."""
    with tempfile.TemporaryDirectory(prefix="storefront-ci-") as tmp:
        work = Path(tmp) / "work"
        shutil.copytree(repo, work, ignore=shutil.ignore_patterns(".git"))
        proc = subprocess.run(
            [python, "-m", "mypy", PACKAGE, "--cache-dir", str(Path(tmp) / "cache")],
            cwd=work / WORKDIR,
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        raise RuntimeError(f"mypy failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    return MypyOutput(proc.returncode, proc.stdout.splitlines())


def python_env(version: str) -> dict[str, str]:
    tool = f"/opt/hostedtoolcache/Python/{version}/x64"
    return {
        "pythonLocation": tool,
        "PKG_CONFIG_PATH": f"{tool}/lib/pkgconfig",
        "Python_ROOT_DIR": tool,
        "Python2_ROOT_DIR": tool,
        "Python3_ROOT_DIR": tool,
        "LD_LIBRARY_PATH": f"{tool}/lib",
    }


INSTALLED = (
    "Successfully installed iniconfig-2.3.0 mypy-2.4.1 mypy_extensions-1.1.0 "
    "packaging-25.0 pathspec-0.12.1 pluggy-1.6.0 pygments-2.19.2 pytest-9.0.2 "
    "storefront-0.4.2 typing_extensions-4.15.0"
)


def ci_jobs(mypy: MypyOutput) -> list[Job]:
    """The run: the backend job on Python 3.11 and 3.12, failing at the type check."""
    jobs = []
    for short, full in (("3.11", "3.11.14"), ("3.12", "3.12.12")):
        job = Job(f"backend ({short})")
        job.setup()
        job.checkout("shopco/storefront")
        job.setup_python(short)
        env = python_env(full)
        job.run(
            "Install dependencies",
            'python -m pip install -e ".[dev]"',
            [
                "Obtaining file:///home/runner/work/storefront/storefront/backend",
                "  Installing build dependencies: started",
                "  Installing build dependencies: finished with status 'done'",
                "Building wheels for collected packages: storefront",
                "  Building editable for storefront (pyproject.toml): finished with status 'done'",
                "Successfully built storefront",
                "Installing collected packages: typing_extensions, pygments, pluggy, pathspec,"
                " packaging, mypy_extensions, iniconfig, pytest, mypy, storefront",
                INSTALLED,
            ],
            env=env,
        )
        job.run("Type check", MYPY_COMMAND, mypy.lines, exit_code=mypy.code, env=env)
        job.step(
            "Post Run actions/checkout@v4",
            ["Post job cleanup.", "[command]/usr/bin/git version", "git version 2.52.0"],
            number=8,
        )
        job.step("Complete job", ["Cleaning up orphan processes"], number=9)
        jobs.append(job)
    return jobs


def write_logs(repo: Path, logs: Path, python: str = sys.executable) -> MypyOutput:
    mypy = run_mypy(repo, python)
    write_run(logs, ci_jobs(mypy))
    return mypy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (repo/ and logs/ inside)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--entities", type=int, default=len(ENTITIES))
    args = parser.parse_args()
    fixture = write_repo(args.out / "repo", args.seed, args.entities)
    mypy = write_logs(fixture.repo, args.out / "logs")
    print(f"{fixture.modules} modules, {fixture.lines} lines in {fixture.repo}")
    print("\n".join(mypy.lines))


if __name__ == "__main__":
    main()
