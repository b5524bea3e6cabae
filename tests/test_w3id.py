"""The w3id.org redirect rules (w3id/.htaccess) in a real Apache: content negotiation for each IRI.

The test starts Debian's apache2 on a free local port with a generated configuration (mod_rewrite,
mod_alias, AllowOverride All on a temporary document root holding the rules as
``psygraph/.htaccess``), asks for each IRI with each Accept header, and checks the 303 redirect's
Location. Skipped when apache2 is not installed (CI installs it: .ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from psygraph.api import data_version

HTACCESS = Path(__file__).resolve().parent.parent / "w3id" / ".htaccess"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
VERSION = data_version()
SITE = re.search(r"E=PSYGRAPH_SITE:(\S+)\]", HTACCESS.read_text()).group(1)  # type: ignore[union-attr]

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
RDFXML = "application/rdf+xml"

CONFIG = """
ServerRoot "{root}"
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
PidFile "{root}/apache.pid"
DefaultRuntimeDir "{root}"
Mutex file:{root}
ErrorLog "{root}/error.log"
LogLevel warn
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule dir_module {modules}/mod_dir.so
{user}
StartServers 1
MinSpareServers 1
MaxSpareServers 2
DocumentRoot "{docroot}"
<Directory "{docroot}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def apache() -> Iterator[str]:
    """The base address of a running Apache serving the rules at /psygraph/."""
    if not Path(APACHE).exists() or not (MODULES / "mod_rewrite.so").exists():
        pytest.skip("apache2 with mod_rewrite is not installed (apt-get install apache2)")
    root = Path(tempfile.mkdtemp(prefix="psygraph-apache-"))
    root.chmod(0o755)
    docroot = root / "www"
    (docroot / "psygraph").mkdir(parents=True)
    shutil.copy(HTACCESS, docroot / "psygraph" / ".htaccess")
    for path in (docroot, docroot / "psygraph", docroot / "psygraph" / ".htaccess"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = _free_port()
    # Started as root, Apache serves as an unprivileged user; otherwise as the user running the test.
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    config = root / "apache.conf"
    config.write_text(CONFIG.format(root=root, port=port, modules=MODULES, docroot=docroot, user=user))
    # In a session of its own: on stopping, Apache signals its whole process group.
    server = subprocess.Popen(
        [APACHE, "-f", str(config), "-DFOREGROUND"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.poll() is not None:
                output = server.stdout.read().decode() if server.stdout else ""
                pytest.fail(f"apache2 did not start: {output}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()
        shutil.rmtree(root, ignore_errors=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _ask(base: str, path: str, accept: str | None) -> tuple[int, str]:
    """The status and Location of a GET of *path* with *accept*, without following the redirect."""
    request = urllib.request.Request(base + "/psygraph/" + path)
    if accept is not None:
        request.add_header("Accept", accept)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


@pytest.mark.parametrize(
    ("path", "accept", "target"),
    [
        ("id/sigmund-freud", BROWSER, "id/sigmund-freud.html"),
        ("id/sigmund-freud", None, "id/sigmund-freud.html"),
        ("id/sigmund-freud", TURTLE, "id/sigmund-freud.ttl"),
        ("id/sigmund-freud", JSONLD, "id/sigmund-freud.jsonld"),
        ("id/sigmund-freud", NTRIPLES, "id/sigmund-freud.nt"),
        ("id/sigmund-freud", RDFXML, "id/sigmund-freud.rdf"),
        ("id/sigmund-freud", "application/rdf+xml;q=0.9, */*;q=0.1", "id/sigmund-freud.rdf"),
        ("id/sigmund-freud.ttl", BROWSER, "id/sigmund-freud.ttl"),
        ("ontology", BROWSER, "ontology/index.html"),
        ("ontology", TURTLE, "ontology/ontology.ttl"),
        ("ontology", JSONLD, "ontology/ontology.jsonld"),
        ("ontology", NTRIPLES, "ontology/ontology.nt"),
        ("ontology", RDFXML, "ontology/ontology.rdf"),
        ("ontology.ttl", BROWSER, "ontology/ontology.ttl"),
        (f"ontology/{VERSION}", BROWSER, f"ontology/{VERSION}/index.html"),
        (f"ontology/{VERSION}", TURTLE, f"ontology/{VERSION}/ontology.ttl"),
        (f"ontology/{VERSION}", JSONLD, f"ontology/{VERSION}/ontology.jsonld"),
        (f"ontology/{VERSION}", RDFXML, f"ontology/{VERSION}/ontology.rdf"),
        (f"ontology/{VERSION}.nt", BROWSER, f"ontology/{VERSION}/ontology.nt"),
        ("dataset", TURTLE, "dataset.ttl"),
        ("dataset", BROWSER, "index.html"),
        ("", BROWSER, "index.html"),
    ],
)
def test_iri_redirects_to_the_file_for_the_accept_header(
    apache: str, path: str, accept: str | None, target: str
) -> None:
    status, location = _ask(apache, path, accept)
    assert (status, location) == (303, f"{SITE}/{target}")


@pytest.mark.parametrize(
    "path", ["id/Sigmund-Freud", "id/../etc/passwd", "id/a%0d%0aSet-Cookie:x", "elsewhere"]
)
def test_other_paths_do_not_redirect(apache: str, path: str) -> None:
    status, location = _ask(apache, path, TURTLE)
    assert status != 303
    assert location == ""


def test_every_target_is_a_file_the_site_writes(built_site: Path) -> None:
    """Each redirect target of the shipped graph's IRIs exists in a site built from it."""
    for target in (
        "id/sigmund-freud.html",
        "id/sigmund-freud.ttl",
        "id/sigmund-freud.jsonld",
        "id/sigmund-freud.nt",
        "id/sigmund-freud.rdf",
        "ontology/index.html",
        "ontology/ontology.ttl",
        "ontology/ontology.jsonld",
        "ontology/ontology.nt",
        "ontology/ontology.rdf",
        f"ontology/{VERSION}/index.html",
        f"ontology/{VERSION}/ontology.ttl",
        "dataset.ttl",
        "dataset.jsonld",
        "dataset.nt",
        "dataset.rdf",
        "index.html",
    ):
        assert (built_site / target).is_file(), target
