"""``chooser update``: argument wiring and what it prints. The work is in chooser.update.run."""

from __future__ import annotations

import argparse
import os
import sys

from chooser.cli import common
from chooser.core.errors import ChooserError, UsageError
from chooser.text.i18n import _


def add_update(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base-url", metavar="URL",
                   help=_("host of AF's supplier search for the office pages "
                          "(default: the configuration, else AF's website)"))
    p.add_argument("--from", dest="from_dir", metavar="DIR",
                   help=_("take the results, grade and other files from this directory "
                          "instead of downloading them (offices still come from the "
                          "base URL)"))
    p.add_argument("--timeout", type=common.number(0, 120, above=True), metavar="SECONDS",
                   help=_("per request (default 20)"))
    p.add_argument("--pause", type=common.number(0, 60), metavar="SECONDS",
                   help=_("between requests, to be polite to AF (default 1)"))
    p.add_argument("--deadline", type=common.number(10, 3600), metavar="SECONDS",
                   help=_("for the whole update, after which it stops and changes nothing "
                          "(default 300)"))
    p.add_argument("--store", metavar="DIR",
                   help=_("where datasets are kept (default: the configuration, else your "
                          "data directory); point --data or CHOOSER_DATA at it to read it"))
    p.add_argument("--config", metavar="FILE", help=_("configuration file to use"))
    p.add_argument("--accept-shrink", action="store_true",
                   help=_("install even if the new data has under half the contracts or "
                          "offices of the current data"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def _check_url(url: str) -> None:
    """An http(s) address with a host and, if any, a valid port (urllib here: httpx is
    for the update itself)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for "http://host:99999"
    except ValueError:
        ok = False
    if not ok or not url.isprintable():
        raise UsageError(f'--base-url: expected an http:// or https:// address such as '
                         f'"https://arbetsformedlingen.se", found "{url[:80]}"')


def _progress(enabled: bool):
    if not enabled:
        return None

    def show(text: str) -> None:
        sys.stderr.write(f"\r\033[K{text}")
        sys.stderr.flush()

    return show


def run_update(args: argparse.Namespace) -> int:
    from chooser.storage import config, store
    from chooser.storage.userdirs import user_data_dir
    from chooser.update import run as update

    cfg = config.load(args.config).get("update", {})
    root = args.store or cfg.get("store") or user_data_dir()
    timeout = args.timeout if args.timeout is not None else cfg.get("timeout",
                                                                    update.DEFAULT_TIMEOUT)
    config.FIELDS["update"]["timeout"].check(timeout, "--timeout")
    pause = args.pause if args.pause is not None else cfg.get("pause", update.DEFAULT_PAUSE)
    config.FIELDS["update"]["pause"].check(pause, "--pause")
    deadline = args.deadline if args.deadline is not None else cfg.get(
        "deadline", update.DEFAULT_DEADLINE)
    config.FIELDS["update"]["deadline"].check(deadline, "--deadline")
    if args.from_dir and not os.path.isdir(args.from_dir):
        raise ChooserError(f"--from {args.from_dir}: no such directory")
    base_url = args.base_url or cfg.get("base_url") or update.AF_BASE_URL
    _check_url(base_url)
    show = _progress(sys.stderr.isatty() and not args.json)
    try:
        r = update.update(root=root, base_url=base_url, files=cfg.get("files"),
                          from_dir=args.from_dir, timeout=timeout, pause=pause,
                          keep=cfg.get("keep", store.KEEP), accept_shrink=args.accept_shrink,
                          progress=show, deadline=deadline)
    except ChooserError as exc:
        if show:
            sys.stderr.write("\r\033[K")
        current = store.current(root)
        kept = (_("The current dataset is unchanged: {name}.").format(
            name=os.path.basename(current)) if current else
            _("No update has succeeded yet, so chooser keeps using its embedded snapshot."))
        exc.args = (f"{exc} {kept}",)
        raise
    if show:
        sys.stderr.write("\r\033[K")
    if args.json:
        from chooser.cli.common import print_json

        print_json({"store": root, "dataset": r.name, "path": r.path, "unchanged": r.unchanged,
                    "pages": r.pages, "suppliers_listed": r.entries, "offices": r.offices,
                    "contracts": r.contracts, "requests": r.requests,
                    "not_modified": r.from_cache, "seconds": round(r.seconds, 3),
                    "paused_seconds": round(r.paused, 3), "removed": r.removed,
                    "office_changes": r.office_changes,
                    "offices_as_of": r.offices_as_of,
                    "new_map_rows": (r.geography or {}).get("new_rows")})
        return 0
    if r.unchanged:
        sys.stdout.write(_("Nothing has changed at AF since the current dataset ({path}); "
                           "it stays.").format(path=os.path.basename(r.path)) + "\n")
        return 0
    sys.stdout.write(_("Updated: {contracts} contracts, {offices} offices from {pages} pages "
                       "of AF's supplier search ({cached} of {requests} requests answered "
                       "\"not modified\").").format(
        contracts=r.contracts, offices=r.offices, pages=r.pages, cached=r.from_cache,
        requests=r.requests) + "\n")
    c = r.office_changes
    if c:
        sys.stdout.write(_("AF's office list: {left} contracts left it, {appeared} appeared, "
                           "{changed} changed their offices.").format(**c) + "\n")
    rows = (r.geography or {}).get("new_rows")
    if rows is not None and not rows:
        sys.stdout.write(_("The new offices agree with the municipality → area table: no new "
                           "rows.") + "\n")
    if rows:
        sys.stdout.write(_("The new offices would add these rows to the municipality → area "
                           "table (it changes only when it is rebuilt): {rows}").format(
            rows="; ".join(f"{x['municipality']} → {x['area']}" for x in rows)) + "\n")
    sys.stdout.write(_("Now current: {path}").format(path=r.path) + "\n")
    if r.removed:
        sys.stdout.write(_("Removed older datasets: {names}").format(
            names=", ".join(r.removed)) + "\n")
    return 0
