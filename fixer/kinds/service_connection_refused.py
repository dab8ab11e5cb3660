"""``service.connection-refused``: nothing accepted connections where a step expected a
server (a ``services:`` database, Redis, a stub server the job starts).

Read from the clients' own words, each naming the host and port:

- libpq (psql, psycopg): ``connection to server at "localhost" (127.0.0.1), port 5432
  failed: Connection refused``; before PostgreSQL 14 ``could not connect to server:
  Connection refused`` with the host and port on the next two lines;
- redis-py: ``Error 111 connecting to localhost:6379. Connection refused.``;
- urllib3 / requests: ``HTTPConnectionPool(host='127.0.0.1', port=8089): Max retries
  exceeded ... [Errno 111] Connection refused``;
- asyncio (asyncpg, aiohttp): ``Connect call failed ('127.0.0.1', 5432)``;
- Node: ``connect ECONNREFUSED 127.0.0.1:5432``; curl: ``Failed to connect to localhost port
  8080 ...: Connection refused``.

A traceback repeats the refusal in each chained exception: one sighting per host and port
is kept per job, the last (the exception the step died of). Never fixed: whether the
service is missing, unmapped or not yet ready is for a human to see.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

FORMS = (
    re.compile(
        r"connection to server at \"(?P<host>[^\"]+)\" \([^)]*\), port (?P<port>\d+) failed:"
        r" Connection refused"
    ),
    re.compile(r"Error 111 connecting to (?P<host>[^:\s]+):(?P<port>\d+)\. Connection refused"),
    re.compile(r"host='(?P<host>[^']+)', port=(?P<port>\d+)\).*Connection refused"),
    re.compile(r"Connect call failed \('(?P<host>[^']+)', (?P<port>\d+)"),
    re.compile(r"ECONNREFUSED (?P<host>[\w.:\[\]-]+?):(?P<port>\d+)\b"),
    re.compile(r"Failed to connect to (?P<host>\S+) port (?P<port>\d+)\b.*Connection refused"),
)
OLD_LIBPQ = re.compile(r"could not connect to server: Connection refused")
OLD_HOST = re.compile(r"on host \"(?P<host>[^\"]+)\"")
OLD_PORT = re.compile(r"connections on port (?P<port>\d+)")
BARE = re.compile(r"ConnectionRefusedError|Connection refused")
PORTS = {
    "5432": "PostgreSQL",
    "3306": "MySQL",
    "6379": "Redis",
    "27017": "MongoDB",
    "5672": "RabbitMQ",
    "9200": "Elasticsearch",
    "11211": "Memcached",
}


class ConnectionRefusedParser(Parser):
    emits = frozenset({"service.connection-refused"})
    rank = 85
    triggers = (
        b"Connection refused",
        b"ECONNREFUSED",
        b"Connect call failed",
        b"ConnectionRefusedError",
    )

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        for form in FORMS:
            match = form.search(text)
            if match:
                self._report(hit, match["host"], match["port"], text)
                return
        if OLD_LIBPQ.search(text):
            following = " ".join(hit.after(2))
            host, port = OLD_HOST.search(following), OLD_PORT.search(following)
            self._report(hit, host["host"] if host else "", port["port"] if port else "", text)
        elif BARE.search(text):
            self._report(hit, "", "", text)

    def _report(self, hit: Hit, host: str, port: str, text: str) -> None:
        service = _service(port, text)
        where = f"{host}:{port}" if host and port else (host or "the server")
        details = {"service": service}
        if host:
            details["host"] = host.strip("[]")
        if port:
            details["port"] = port
        hit.report(
            Finding(
                kind="service.connection-refused",
                tool="service",
                message=f"{service} refused the connection at {where}",
                fix=(
                    f"Nothing accepted connections at {where} when `{hit.step or 'the step'}`"
                    " ran: check the job's `services:` entry (its image, the `ports:` mapping,"
                    " a health check such as `--health-cmd pg_isready` so the job waits for"
                    " it) or the step that starts the server; the client's host and port must"
                    " be the mapped ones."
                ),
                details=details,
                ident=f"{host}:{port}",
            )
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """One sighting per host and port and command: the last (the exception the step
        died of); a refusal that names no host goes when one of the command's does."""
        last: dict[tuple[str, int], Sighting] = {}
        for sighting in sightings:
            last[(sighting.finding.ident, sighting.segment)] = sighting
        named = {segment for (ident, segment) in last if ident != ":"}
        sightings[:] = [s for (i, seg), s in last.items() if i != ":" or seg not in named]


def _service(port: str, text: str) -> str:
    if port in PORTS:
        return PORTS[port]
    if "connection to server at" in text or "could not connect to server" in text:
        return "PostgreSQL"
    if "Error 111 connecting to" in text:
        return "Redis"
    if "HTTPConnectionPool" in text or "HTTPSConnectionPool" in text:
        return "The HTTP server"
    return "The server"


class ServiceConnectionRefused(Kind):
    id = "service.connection-refused"
    title = "A service that refused connections"
    parser = ConnectionRefusedParser
    recognizes = (
        "`Connection refused` as libpq, redis-py, urllib3/requests, asyncio, Node and curl"
        " print it, with the host and port"
    )
    not_fixable = (
        "whether the service is missing, its port unmapped or it was not ready yet is for a"
        " human to see"
    )
