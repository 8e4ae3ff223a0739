"""Build the embedded snapshot ``data/snapshot/`` from AF's published files.

    python -m chooser.build.snapshot --source ../shared/af

Reads every file in SOURCE with the same readers as everything else (so the build fails
on bad input exactly as the app would), applies AF's revision rule, writes the result as
AF-format CSVs plus ``manifest.json`` (which AF file each came from, with its SHA-256) and
the index, then swaps the new snapshot in. Run it again whenever AF publishes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile

from chooser.build import export
from chooser.core.errors import ChooserError
from chooser.storage import paths
from chooser.storage.load import (
    MANIFEST_NAME,
    load_directory,
    parse_directory,
    sha256_file,
    source_files,
)
from chooser.storage.prepare import index_directory


def _origin(ds, kind: str, period: str) -> str | None:
    for s in ds.sources:
        if s.kind == kind and period in s.periods:
            return s.file
    return None


def build(source: str, out: str, *, today: str | None = None) -> dict:
    ds = parse_directory(source)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".snapshot-", dir=parent)
    try:
        files: dict[str, dict[str, str | None]] = {}
        for period, rows in ds.results.items():
            name = f"resultat-{period}.csv"
            export.write_results(os.path.join(tmp, name), rows)
            files[name] = {"origin": _origin(ds, "results", period)}
        export.write_grades(os.path.join(tmp, "betyg.csv"), ds)
        grade_files = sorted({s.file for s in ds.sources if s.kind == "grades" and s.periods})
        files["betyg.csv"] = {"origin": " + ".join(
            [*grade_files, "BETYG in the results tables"])}
        export.write_weights(os.path.join(tmp, "nivavikter.csv"), ds.weights.values())
        weight_files = sorted({s.file for s in ds.sources if s.kind == "weights" and s.periods})
        files["nivavikter.csv"] = {"origin": " + ".join(weight_files)}
        # AF's office list goes in unchanged (the newest download: the one whose offices
        # the dataset uses), read back like any --data file
        for s in ds.sources:
            if s.kind == "offices" and s.periods:
                name = os.path.basename(s.file)
                shutil.copyfile(os.path.join(source, name), os.path.join(tmp, name))
                files[name] = {"origin": name, "as_of": max(s.periods)}
        manifest = {
            "kind": "snapshot",
            "built_on": today or dt.date.today().isoformat(),
            "period": ds.period,
            "built_from": {os.path.basename(f): sha256_file(f) for f in source_files(source)},
            "files": files,
        }
        with open(os.path.join(tmp, MANIFEST_NAME), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
        rebuilt = parse_directory(tmp)
        if not rebuilt.same_data(ds):
            raise SystemExit("snapshot does not read back as the source data; not installed")
        index_directory(tmp, rebuilt)
        if not load_directory(tmp).same_data(rebuilt):
            raise SystemExit("the index does not read back as the snapshot; not installed")
        old = None
        if os.path.exists(out):
            old = out + ".old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
        os.replace(tmp, out)
        if old:
            shutil.rmtree(old, ignore_errors=True)
        return manifest
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def reindex(directory: str) -> str:
    """Rewrite the index of a built dataset directory (the snapshot, the demo world) from
    its own files, as after a change of the index's format; the files stay as they are."""
    ds = parse_directory(directory)
    path = index_directory(directory, ds)
    if not load_directory(directory).same_data(ds):
        raise SystemExit(f"the index does not read back as {directory}")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m chooser.build.snapshot", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    default_source = os.path.join(os.path.dirname(paths.data_dir()), "..", "shared", "af")
    ap.add_argument("--source", default=os.path.normpath(default_source),
                    help="directory with AF's files (default: ../shared/af)")
    ap.add_argument("--out", default=paths.snapshot_dir(), help="snapshot directory to write")
    ap.add_argument("--reindex", action="store_true",
                    help="only rewrite the index of --out from its own files (after a change "
                         "of the index format)")
    args = ap.parse_args(argv)
    try:
        if args.reindex:
            print(f"index written to {reindex(args.out)}")
            return 0
        manifest = build(args.source, args.out)
    except ChooserError as exc:
        print(f"chooser: {exc}", file=sys.stderr)
        return 2
    print(f"snapshot for {manifest['period']} written to {args.out} "
          f"({len(manifest['files'])} files from {len(manifest['built_from'])} AF files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
