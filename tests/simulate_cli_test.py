#!/usr/bin/env python3
# File: tests/simulate_cli_test.py
# `contentgate simulate` end to end: its report keeps validate's meaning, and its size limits.
"""End-to-end tests of `contentgate simulate`.

- An out-of-bounds read is an error diagnostic (CG400) in validate's text
  form and in the JSON document, where "valid" is false exactly when
  "errors" >= 1; the JSON is compact unless --pretty.
- A channel file over max_file_size (a 2 GiB sparse file) is CG106 and
  nothing else, unread: the run stays small in memory.
- An events file over 64 MiB is refused unread: exit 2, one line on standard
  error, nothing on standard output.

Usage: simulate_cli_test.py --bin build/cli/contentgate --root .
"""

import json
import os
import re
import resource
import sys

import cli_support
from cli_support import run

BIN = None
ROOT = None

TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<loc>\d+:\d+|offset \d+): (?P<sev>error|warning): "
                       r"(?P<code>CG\d{3}) (?P<msg>.*)$")


class SimulateCliTest(cli_support.ExampleFilesTest):
    tmp_prefix = "cg-simulate-"

    def test_out_of_bounds_read_is_an_error_line_like_validate(self):
        rc, out, err = run("simulate", "--schema", self.schema, "--sensor", "7.11", self.repro_src)
        self.assertEqual(rc, 1, err)
        lines = out.splitlines()
        d = TEXT_LINE.match(lines[0])
        self.assertTrue(d, lines[0])
        self.assertEqual((d["path"], d["sev"], d["code"]), (self.repro_src, "error", "CG400"))
        # The location validate gives the same finding.
        rc, vout, _ = run("validate", "--schema", self.schema, "--sensor", "7.11", self.repro_src)
        v = next(TEXT_LINE.match(x) for x in vout.splitlines() if " CG400 " in x)
        self.assertEqual(d["loc"], v["loc"])
        self.assertTrue(lines[-1].endswith("1 out-of-bounds read, 0 recorded event results: FAIL"), lines[-1])

    def test_json_is_compact_and_valid_means_no_errors(self):
        for path, sensor, errors in [(self.repro_src, "7.11", 1), (self.repro_src, "7.16", 0), (self.good_src, "7.11", 0)]:
            with self.subTest(path=os.path.basename(path), sensor=sensor):
                rc, out, err = run("simulate", "--schema", self.schema, "--sensor", sensor, "--format", "json", path)
                self.assertEqual(rc, 1 if errors else 0, err)
                # The compact layout of every report: no indentation, one
                # line per file entry.
                self.assertFalse(any(l.startswith(" ") for l in out.splitlines()), out)
                entry = json.loads(out)["files"][0]
                self.assertEqual(entry["errors"], errors)
                self.assertEqual(entry["valid"], errors == 0)
                self.assertEqual(len(entry["out_of_bounds"]), errors)
                self.assertEqual([d["code"] for d in entry["diagnostics"] if d["severity"] == "error"],
                                 ["CG400"] * errors)
        rc, pretty, _ = run("simulate", "--schema", self.schema, "--sensor", "7.11", "--format", "json", "--pretty",
                            self.repro_src)
        self.assertEqual(rc, 1)
        self.assertIn('\n  "files"', pretty)
        rc, compact, _ = run("simulate", "--schema", self.schema, "--sensor", "7.11", "--format", "json", self.repro_src)
        self.assertEqual(json.loads(pretty), json.loads(compact))

    def test_oversized_channel_file_is_cg106_only_unread(self):
        path = os.path.join(self.tmp, "huge.bin")
        with open(path, "wb") as f:
            f.truncate(2 << 30)  # sparse: 2 GiB of zeros, CG108 if it were read
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rc, out, err = run("simulate", "--schema", self.schema, "--format", "json", path)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.assertEqual(rc, 1, err)
        entry = json.loads(out)["files"][0]
        self.assertEqual([(d["code"], d["offset"]) for d in entry["diagnostics"]], [("CG106", 16)])
        self.assertFalse(entry["simulated"])
        # Unread: the largest child stays far below the file's size (KiB).
        self.assertLess(max(before, after), 256 * 1024)

    def test_oversized_events_file_is_refused_unread(self):
        events = os.path.join(self.tmp, "events.jsonl")
        with open(events, "wb") as f:
            f.truncate((64 << 20) + 1)
        rc, out, err = run("simulate", "--schema", self.schema, "--events", events, self.good_src)
        self.assertEqual(rc, 2)
        self.assertEqual(out, "")
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("refused unread", err)


def main():
    return cli_support.run_tests(globals())


if __name__ == "__main__":
    sys.exit(main())
