#!/usr/bin/env python3
"""End-to-end tests of the `contentgate` command: every command, every exit
status, each output format parsed back, and --jobs determinism.

    python3 cli_test.py --bin PATH/contentgate --root PROJECT_DIR [--only sarif]

`--only multitool` runs only Microsoft's SARIF Multitool (npm
@microsoft/sarif-multitool-linux) with GitHub's code-scanning rules on, and
exits 77 (skipped) without it. `--only sarif` runs only the SARIF schema check, which needs the jsonschema
Python package (Debian: python3-jsonschema) and the SARIF 2.1.0 JSON schema
(the npm package @microsoft/jest-sarif ships it as
lib/schemas/sarif-2.1.0-rtm.5.json; or name the file in CONTENTGATE_SARIF_SCHEMA).
Without them it exits 77, which ctest reports as skipped.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

BIN = ROOT = None
SKIP = 77
TEXT_LINE = re.compile(r"^(?P<path>.+?)(?::(?P<loc>\d+:\d+|offset \d+))?: (?P<sev>error|warning): "
                       r"(?P<code>CG\d{3}) (?P<msg>.+)$")
SUMMARY = re.compile(r"^contentgate: (\d+) files? checked: (\d+) passed, (\d+) failed; (\d+) errors?, "
                     r"(\d+) warnings?")
FILE_KEYS = {"path", "kind", "valid", "errors", "warnings", "diagnostics"}
LOCATION_KEYS = {"offset", "instance", "instance_id", "criterion", "field", "sensor", "pointer", "line",
                 "column"}


def run(*args, stdin=None, cwd=None, stdout=None):
    p = subprocess.run([BIN, *args], stdout=stdout if stdout is not None else subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120, input=stdin, cwd=cwd)
    decode = lambda b: b.decode("utf-8", "surrogateescape") if b is not None else ""
    return p.returncode, decode(p.stdout), decode(p.stderr)


def all_codes():
    with open(os.path.join(ROOT, "include/contentgate/diagnostic_codes.inc")) as fh:
        return [f"CG{n}" for n in re.findall(r"^CG_CODE\(\w+, (\d+),", fh.read(), re.M)]


def sarif_schema_path():
    env = os.environ.get("CONTENTGATE_SARIF_SCHEMA")
    if env:
        return env if os.path.exists(env) else None
    candidates = []
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
            candidates.append(os.path.join(root, "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates.append("/usr/local/lib/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json")
    candidates.append("/usr/lib/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json")
    return next((c for c in candidates if os.path.exists(c)), None)


class Fixture:
    """Files shared by the tests: the shipped schema and examples, compiled."""

    def __init__(self):
        self.tmp = os.path.realpath(tempfile.mkdtemp(prefix="cg-cli-test-"))
        self.schema = os.path.join(ROOT, "schemas/channel-291.schema.json")
        self.good_src = os.path.join(ROOT, "examples/channel-291.good.json")
        self.repro_src = os.path.join(ROOT, "examples/channel-291.c291-repro.json")
        self.good_bin = self.path("good.bin")
        self.repro_bin = self.path("repro.bin")
        self.compile(self.good_src, self.good_bin)
        self.compile(self.repro_src, self.repro_bin, "--sensor", "7.16")
        with open(self.schema) as fh:
            doc = json.load(fh)
        doc["channel"]["max_file_size"] = 1024
        self.small_schema = self.write("small.schema.json", json.dumps(doc).encode())
        self.bad_schema = self.write("bad.schema.json", b'{"schema_version": 1,\n  "channel": }\n')

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as fh:
            fh.write(data)
        return p

    def read(self, path):
        with open(path, "rb") as fh:
            return fh.read()

    def compile(self, src, out, *extra):
        rc, _, err = run("compile", "--schema", self.schema, *extra, "-o", out, src)
        if rc != 0:
            raise RuntimeError(f"compile {src} failed: {rc} {err}")


FX = None


class Base(unittest.TestCase):
    def assertUsage(self, res, *codes):
        rc, out, err = res
        self.assertEqual(rc, 2, err)
        self.assertEqual(out, "", "a status-2 failure prints nothing on stdout")
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, f"exactly one line on stderr: {err!r}")
        self.assertTrue(lines[0].startswith("contentgate: "), lines[0])
        for code in codes:
            self.assertIn(code, lines[0])

    def validate_json(self, *args):
        rc, out, err = run("validate", *args, "--format", "json")
        doc = json.loads(out)
        return rc, doc, err


class GeneralTest(Base):
    def test_version(self):
        rc, out, err = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out.strip(), r"^contentgate \d+\.\d+\.\d+$")

    def test_help_on_every_command(self):
        for cmd in ([], ["validate"], ["compile"], ["dump"], ["check-schema"], ["explain"], ["simulate"],
                    ["gen-header"]):
            rc, out, err = run(*cmd, "--help")
            self.assertEqual(rc, 0, cmd)
            self.assertIn("Usage:", out, cmd)
            self.assertEqual(err, "", cmd)
        rc, out, _ = run("--help")
        for cmd in ("validate", "compile", "dump", "check-schema", "explain", "simulate", "gen-header"):
            self.assertIn(cmd, out)

    def test_usage_errors(self):
        self.assertUsage(run())
        self.assertUsage(run("frobnicate"))
        self.assertUsage(run("validate", FX.good_src))  # no --schema
        self.assertUsage(run("validate", "--schema", FX.schema, "--bogus", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema, "--format", "xml", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema, "--jobs", "0", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema, "--max-errors", "-1", FX.good_src))
        self.assertUsage(run("validate", "--schema", FX.schema))  # no PATH
        self.assertUsage(run("compile", "--schema", FX.schema, FX.good_src))  # no -o


class ValidateTextTest(Base):
    def test_good_source_passes_with_warnings(self):
        rc, out, err = run("validate", "--schema", FX.schema, FX.good_src)
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        m = SUMMARY.match(lines[-1])
        self.assertTrue(m, lines[-1])
        self.assertEqual(m.groups(), ("1", "1", "0", "0", str(len(lines) - 1)))
        for line in lines[:-1]:
            d = TEXT_LINE.match(line)
            self.assertTrue(d, line)
            self.assertEqual(d["path"], FX.good_src)
            self.assertEqual((d["sev"], d["code"]), ("warning", "CG401"))
            self.assertRegex(d["loc"], r"^\d+:\d+$")
            self.assertIn("sensor 7.11", d["msg"])

    def test_repro_rejected_with_cg400_at_its_line(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", FX.repro_src)
        self.assertEqual(rc, 1)
        hits = [TEXT_LINE.match(l) for l in out.splitlines() if " CG400 " in l]
        self.assertEqual(len(hits), 1, out)
        d = hits[0]
        # The criterion on client_parent_image_path in the example's source.
        with open(FX.repro_src) as fh:
            src_lines = fh.read().split("\n")
        line, col = map(int, d["loc"].split(":"))
        self.assertIn("client_parent_image_path", src_lines[line - 1])
        self.assertIn("pointer /instances/3/criteria/client_parent_image_path", d["msg"])
        self.assertIn("sensor 7.11", d["msg"])
        self.assertIn("id 13", d["msg"])

    def test_binary_location_is_offset(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", FX.repro_bin)
        self.assertEqual(rc, 1)
        d = [TEXT_LINE.match(l) for l in out.splitlines() if " CG400 " in l][0]
        self.assertEqual(d["loc"], "offset 1712")

    def test_strict_fails_on_warnings(self):
        self.assertEqual(run("validate", "--schema", FX.schema, FX.good_src)[0], 0)
        rc, out, _ = run("validate", "--schema", FX.schema, "--strict", FX.good_src)
        self.assertEqual(rc, 1)
        self.assertTrue(SUMMARY.match(out.splitlines()[-1]).group(3) == "1")
        # A sensor the file is complete for: no warning, so strict passes.
        self.assertEqual(run("validate", "--schema", FX.schema, "--sensor", "7.16", "--strict", FX.good_src)[0], 0)

    def test_max_errors_caps_printed_not_verdict(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", "--max-errors", "1", FX.repro_bin)
        self.assertEqual(rc, 1)
        lines = out.splitlines()
        diags = [l for l in lines if TEXT_LINE.match(l)]
        self.assertEqual(len(diags), 1)
        self.assertRegex(out, r": note: 2 more diagnostics not shown \(limit 1\)")
        rc, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", "--max-errors", "0", FX.repro_bin)
        self.assertEqual(rc, 1)
        f = doc["files"][0]
        self.assertEqual((f["valid"], f["errors"], f["warnings"], f["diagnostics"]), (False, 1, 2, []))


class ValidateJsonTest(Base):
    def test_document_shape_and_cg400_locations(self):
        rc, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", FX.repro_bin, FX.repro_src,
                                        FX.good_bin)
        self.assertEqual(rc, 1)
        self.assertEqual(set(doc), {"tool", "version", "files"})
        self.assertEqual(doc["tool"], "contentgate")
        self.assertEqual([f["path"] for f in doc["files"]], [FX.repro_bin, FX.repro_src, FX.good_bin])
        self.assertEqual([f["kind"] for f in doc["files"]], ["channel", "source", "channel"])
        self.assertEqual([f["valid"] for f in doc["files"]], [False, False, True])
        for f in doc["files"]:
            self.assertEqual(set(f), FILE_KEYS)
            self.assertEqual(f["errors"], sum(d["severity"] == "error" for d in f["diagnostics"]))
            self.assertEqual(f["warnings"], sum(d["severity"] == "warning" for d in f["diagnostics"]))
            for d in f["diagnostics"]:
                self.assertTrue({"code", "severity", "message"} <= set(d))
                self.assertTrue(set(d) - {"code", "severity", "message"} <= LOCATION_KEYS, d)
        binary = [d for d in doc["files"][0]["diagnostics"] if d["code"] == "CG400"]
        self.assertEqual(binary, [{
            "code": "CG400", "severity": "error",
            "message": binary[0]["message"], "offset": 1712, "instance": 3, "instance_id": 13,
            "criterion": 20, "field": "client_parent_image_path", "sensor": "7.11"}])
        source = [d for d in doc["files"][1]["diagnostics"] if d["code"] == "CG400"][0]
        self.assertNotIn("offset", source)
        self.assertEqual(source["pointer"], "/instances/3/criteria/client_parent_image_path")
        self.assertEqual((source["instance"], source["instance_id"], source["criterion"], source["sensor"]),
                         (3, 13, 20, "7.11"))
        self.assertGreater(source["line"], 1)
        self.assertGreater(source["column"], 0)

    def test_escaping_of_paths_and_messages(self):
        odd = FX.write('odd "name"\\\t.bin', b"not a channel file, but \x01\xff\n")
        rc, doc, _ = self.validate_json("--schema", FX.schema, odd)
        self.assertEqual(rc, 1)
        self.assertEqual(doc["files"][0]["path"], odd)
        self.assertEqual(doc["files"][0]["diagnostics"][0]["code"], "CG100")

    def test_oversized_channel_file_is_cg106_unread(self):
        # Sparse: 8 GiB of holes, of which validate may read the first bytes
        # (to tell the kind) and nothing more: it reads under 1 MiB in all.
        huge = sparse(FX.path("huge.bin"), 8 << 30, b"CHNL")
        try:
            rc, out, read = run_counting_reads("validate", "--schema", FX.small_schema,
                                               "--format", "json", huge)
        finally:
            os.unlink(huge)
        self.assertEqual(rc, 1)
        self.assertLess(read, 1 << 20)
        doc = json.loads(out)
        self.assertEqual(doc["files"][0]["diagnostics"],
                         [{"code": "CG106", "severity": "error", "offset": 16,
                           "message": doc["files"][0]["diagnostics"][0]["message"]}])
        self.assertIn(str(8 << 30), doc["files"][0]["diagnostics"][0]["message"])

    def test_oversized_source_is_cg106_unread(self):
        big = FX.write("big.json", b"{" + b" " * (16 * 1024 + 1) + b"}")
        rc, doc, _ = self.validate_json("--schema", FX.small_schema, big)
        self.assertEqual(rc, 1)
        f = doc["files"][0]
        self.assertEqual(f["kind"], "source")
        self.assertEqual([(d["code"], d["pointer"]) for d in f["diagnostics"]], [("CG106", "")])
        # compile refuses it the same way, leaving no output.
        rc, out, err = run("compile", "--schema", FX.small_schema, "-o", FX.path("big.bin"), big)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual([TEXT_LINE.match(l)["code"] for l in err.splitlines()], ["CG106"])
        self.assertFalse(os.path.exists(FX.path("big.bin")))
        # Within the limit, the source is read and checked as usual.
        rc, doc, _ = self.validate_json("--schema", FX.small_schema, FX.write("ok.json", b"{" + b" " * 100 + b"}"))
        self.assertEqual(doc["files"][0]["diagnostics"][0]["code"], "CG702")


class ValidateUsageTest(Base):
    def test_unknown_sensor_is_cg403(self):
        for cmd in (["validate", "--schema", FX.schema, "--sensor", "7.99", FX.good_src],
                    ["validate", "--schema", FX.schema, "--sensor", "7.99", "--format", "json", FX.good_src],
                    ["compile", "--schema", FX.schema, "--sensor", "7.99", "-o", FX.path("x.bin"), FX.good_src],
                    ["dump", "--schema", FX.schema, "--sensor", "7.99", FX.good_bin]):
            self.assertUsage(run(*cmd), "CG403", "7.99")
        self.assertFalse(os.path.exists(FX.path("x.bin")))

    def test_schema_problems(self):
        self.assertUsage(run("validate", "--schema", FX.path("missing.json"), FX.good_src), "missing.json")
        for fmt in ("text", "json", "sarif"):
            self.assertUsage(run("validate", "--schema", FX.bad_schema, "--format", fmt, FX.good_src), "CG600")
        self.assertUsage(run("dump", "--schema", FX.bad_schema, FX.good_bin), "CG600")
        # The line names the first error, not a warning (CG640) before it.
        with open(FX.schema) as fh:
            doc = json.load(fh)
        doc["sensors"].append({"version": doc["sensors"][0]["version"], "inputs": {}})
        dup = FX.write("dup-sensor.schema.json", json.dumps(doc, indent=1).encode())
        res = run("validate", "--schema", dup, FX.good_src)
        self.assertUsage(res, "CG607", "dup-sensor.schema.json")
        self.assertNotIn("CG640", res[2])

    def test_unreadable_inputs(self):
        for fmt in ("text", "json", "sarif"):
            self.assertUsage(run("validate", "--schema", FX.schema, "--format", fmt, FX.good_src,
                                 FX.path("no-such.bin")), "no-such.bin")
        folder = os.path.join(FX.tmp, "dangling")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(FX.good_bin, os.path.join(folder, "a.bin"))
        link = os.path.join(folder, "b.bin")
        if not os.path.lexists(link):
            os.symlink(os.path.join(folder, "gone.bin"), link)
        self.assertUsage(run("validate", "--schema", FX.schema, "--format", "json", folder), "b.bin")
        fifo_dir = os.path.join(FX.tmp, "fifo")
        os.makedirs(fifo_dir, exist_ok=True)
        if not os.path.exists(os.path.join(fifo_dir, "pipe.bin")):
            os.mkfifo(os.path.join(fifo_dir, "pipe.bin"))
        self.assertUsage(run("validate", "--schema", FX.schema, fifo_dir), "pipe.bin", "not a regular file")
        if os.geteuid() != 0:  # root reads files whatever their mode
            locked = FX.write("locked.bin", FX.read(FX.good_bin))
            os.chmod(locked, 0)
            self.assertUsage(run("validate", "--schema", FX.schema, locked), "locked.bin")


def make_mixed_folder(root, count):
    """`count` files of every kind (valid, warned, invalid binaries and sources,
    corrupt, empty, all zero), spread over nested folders, plus files the walk
    must skip."""
    good, repro = FX.read(FX.good_bin), FX.read(FX.repro_bin)
    with open(FX.good_src, "rb") as fh:
        good_src = fh.read()
    with open(FX.repro_src, "rb") as fh:
        repro_src = fh.read()
    variants = [
        ("bin", good), ("bin", repro), ("json", good_src), ("json", repro_src),
        ("bin", b""), ("bin", bytes(300)), ("bin", good[:100]), ("bin", good[:-1] + b"\x00"),
        ("bin", good[:64] + bytes([good[64] ^ 1]) + good[65:]), ("json", b'{"channel": 291}'),
        ("json", b"{ not json"), ("bin", b"CHNL" + bytes(60)),
    ]
    paths = []
    for i in range(count):
        ext, data = variants[i % len(variants)]
        sub = os.path.join(root, f"d{i % 7}", f"e{i % 3}") if i % 2 else root
        os.makedirs(sub, exist_ok=True)
        p = os.path.join(sub, f"f{i:03d}.{ext}")
        with open(p, "wb") as fh:
            fh.write(data)
        paths.append(p)
    with open(os.path.join(root, "README.txt"), "w") as fh:
        fh.write("skipped by the walk\n")
    return paths


class JobsTest(Base):
    def test_jobs_1_and_4_identical_on_200_files(self):
        folder = os.path.join(FX.tmp, "mixed")
        paths = make_mixed_folder(folder, 200)
        for fmt in ("text", "json", "sarif"):
            base = ["validate", "--schema", FX.schema, "--format", fmt]
            one = run(*base, "--jobs", "1", folder)
            four = run(*base, "--jobs", "4", folder)
            self.assertEqual(one[0], 1)
            self.assertEqual(one, four, fmt)
        doc = json.loads(one[1] if fmt == "json" else run(*base[:-1], "json", "--jobs", "4", folder)[1])
        listed = [f["path"] for f in doc["files"]]
        self.assertEqual(len(listed), 200)
        self.assertEqual(sorted(listed, key=lambda p: os.path.relpath(p, folder).split("/")),
                         listed, "folders are walked in sorted order")
        self.assertEqual(set(listed), set(paths))
        kinds = {f["path"]: f["kind"] for f in doc["files"]}
        self.assertTrue(all(kinds[p] == ("source" if p.endswith(".json") else "channel") for p in paths))
        # A link to a folder is not followed (this one would loop forever).
        os.symlink(folder, os.path.join(folder, "d0", "loop"))
        rc, out, err = run(*base[:-1], "json", "--jobs", "2", folder)
        self.assertEqual((rc, json.loads(out)), (1, doc), err)
        # Paths given in an order: output in that order, whatever --jobs.
        order = [paths[5], paths[0], paths[3]]
        for jobs in ("1", "3"):
            _, d, _ = self.validate_json("--schema", FX.schema, "--jobs", jobs, *order)
            self.assertEqual([f["path"] for f in d["files"]], order)


class SarifShapeTest(Base):
    def test_sarif_structure(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", "--format", "sarif",
                         FX.repro_bin, FX.repro_src, cwd=FX.tmp)
        self.assertEqual(rc, 1)
        log = json.loads(out)
        self.assertEqual(log["version"], "2.1.0")
        self.assertEqual(len(log["runs"]), 1)
        run0 = log["runs"][0]
        rules = run0["tool"]["driver"]["rules"]
        self.assertEqual([r["id"] for r in rules], all_codes())
        for r in rules:
            self.assertTrue(r["shortDescription"]["text"])
            self.assertIn(r["defaultConfiguration"]["level"], ("error", "warning"))
        _, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", FX.repro_bin, FX.repro_src)
        diags = [(f, d) for f in doc["files"] for d in f["diagnostics"]]
        self.assertEqual(len(run0["results"]), len(diags))
        self.assertTrue(run0["tool"]["driver"]["informationUri"].startswith("https://"))
        self.assertEqual(run0["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + os.path.realpath(FX.tmp) + "/")
        for res, (f, d) in zip(run0["results"], diags):
            self.assertEqual(res["ruleId"], d["code"])
            self.assertEqual(rules[res["ruleIndex"]]["id"], d["code"])
            self.assertEqual(res["level"], d["severity"])
            self.assertEqual(res["message"]["text"], d["message"])
            loc = res["locations"][0]["physicalLocation"]
            if f["path"].startswith(FX.tmp + "/"):  # inside the current folder: relative
                self.assertEqual(loc["artifactLocation"],
                                 {"uri": os.path.relpath(f["path"], FX.tmp), "uriBaseId": "%SRCROOT%"})
            else:
                self.assertEqual(loc["artifactLocation"], {"uri": "file://" + f["path"]})
            if f["kind"] == "channel":
                self.assertEqual(loc["region"], {"startLine": 1, "byteOffset": d["offset"], "byteLength": 1})
            else:
                self.assertEqual(loc["region"], {"startLine": d["line"], "startColumn": d["column"]})


class CompileDumpTest(Base):
    def test_compile_then_dump_round_trips(self):
        rc, out, err = run("dump", "--schema", FX.schema, FX.good_bin)
        self.assertEqual(rc, 0, err)
        self.assertIsInstance(json.loads(out)["instances"], list)
        dumped = FX.write("dumped.json", out.encode())
        again = FX.path("again.bin")
        rc, out2, err = run("compile", "--schema", FX.schema, "-o", again, dumped)
        self.assertEqual((rc, out2), (0, ""), err)
        self.assertEqual(FX.read(again), FX.read(FX.good_bin))
        self.assertEqual(FX.read(FX.good_bin)[:4], b"CHNL")

    def test_compile_error_leaves_output_untouched(self):
        folder = os.path.join(FX.tmp, "compile-out")
        os.makedirs(folder, exist_ok=True)
        out_path = os.path.join(folder, "out.bin")
        with open(out_path, "wb") as fh:
            fh.write(b"previous")
        rc, out, err = run("compile", "--schema", FX.schema, "-o", out_path, FX.repro_src)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual(FX.read(out_path), b"previous")
        self.assertEqual(os.listdir(folder), ["out.bin"])
        lines = [TEXT_LINE.match(l) for l in err.splitlines()]
        self.assertTrue(all(lines), err)
        self.assertIn("CG400", [m["code"] for m in lines])
        # Success replaces the file.
        rc, _, _ = run("compile", "--schema", FX.schema, "--sensor", "7.16", "-o", out_path, FX.repro_src)
        self.assertEqual(rc, 0)
        self.assertEqual(FX.read(out_path), FX.read(FX.repro_bin))
        self.assertEqual(os.listdir(folder), ["out.bin"])

    def test_compile_for_a_subset_warns_cg404_and_strict_fails(self):
        # The reproduction is safe on its target 7.16 and unsafe on the
        # schema's 7.11: the output is written, with warning CG404 naming 7.11.
        out_path = FX.path("subset.bin")
        rc, out, err = run("compile", "--schema", FX.schema, "--sensor", "7.16", "-o", out_path,
                           FX.repro_src)
        self.assertEqual((rc, out), (0, ""))
        warnings = [m for m in map(TEXT_LINE.match, err.splitlines()) if m and m["code"] == "CG404"]
        self.assertEqual(len(warnings), 1, err)
        self.assertIn("sensor 7.11 (CG400)", warnings[0].string)
        self.assertEqual(FX.read(out_path), FX.read(FX.repro_bin))
        os.remove(out_path)
        rc, out, err = run("compile", "--schema", FX.schema, "--sensor", "7.16", "--strict", "-o",
                           out_path, FX.repro_src)
        self.assertEqual((rc, out), (1, ""))
        self.assertFalse(os.path.exists(out_path))
        self.assertIn("CG404", err)

    def test_compile_output_that_cannot_be_written(self):
        # The good example has CG401 warnings: they are not printed when the
        # write fails, so the failure stays one line.
        self.assertUsage(run("compile", "--schema", FX.schema, "-o", FX.path("no/such/dir/out.bin"),
                             FX.good_src), "no/such/dir/out.bin")
        rc, out, err = run("compile", "--schema", FX.schema, "-o", FX.path("warned.bin"), FX.good_src)
        self.assertEqual((rc, out), (0, ""))
        self.assertEqual({TEXT_LINE.match(l)["code"] for l in err.splitlines()}, {"CG401"})

    def test_compile_and_dump_take_the_right_kind(self):
        self.assertUsage(run("compile", "--schema", FX.schema, "-o", FX.path("y.bin"), FX.good_bin))
        self.assertUsage(run("dump", "--schema", FX.schema, FX.good_src))
        self.assertUsage(run("dump", "--schema", FX.schema, FX.path("no-such.bin")), "no-such.bin")

    def test_dump_refuses_file_with_errors(self):
        rc, out, err = run("dump", "--schema", FX.schema, FX.repro_bin)  # CG400 for 7.11
        self.assertEqual((rc, out), (1, ""))
        self.assertIn("CG400", err)
        rc, out, _ = run("dump", "--schema", FX.schema, "--sensor", "7.16", FX.repro_bin)
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("{"))
        rc, out, err = run("dump", "--schema", FX.small_schema, FX.good_bin)  # 1024 < its size
        self.assertEqual((rc, out), (1, ""))
        self.assertIn("CG106", err)


class CheckSchemaTest(Base):
    def test_shipped_schema_and_broken_one(self):
        rc, out, err = run("check-schema", "--format", "json", FX.schema)
        self.assertEqual(rc, 0, err)
        f = json.loads(out)["files"][0]
        self.assertEqual((f["kind"], f["valid"], f["errors"]), ("schema", True, 0))
        self.assertTrue({d["code"] for d in f["diagnostics"]} <= {"CG640", "CG641"})
        rc, out, _ = run("check-schema", FX.schema, FX.bad_schema)
        self.assertEqual(rc, 1)
        bad = [TEXT_LINE.match(l) for l in out.splitlines() if l.startswith(FX.bad_schema)]
        self.assertEqual([(m["code"], m["loc"]) for m in bad], [("CG600", "2:14")])
        self.assertTrue(SUMMARY.match(out.splitlines()[-1]))
        rc, out, _ = run("check-schema", "--format", "sarif", FX.bad_schema)
        self.assertEqual(rc, 1)
        res = json.loads(out)["runs"][0]["results"]
        self.assertEqual(res[0]["locations"][0]["physicalLocation"]["region"], {"startLine": 2, "startColumn": 14})

    def test_unreadable_schema_file(self):
        self.assertUsage(run("check-schema", "--format", "json", FX.schema, FX.path("gone.json")), "gone.json")

    def test_ignore_counts_exactly_past_the_diagnostic_cap(self):
        # 60 types of 3 fields, the last two without `any`; the sensor supplies
        # 1 input to each: 60 CG640 and 120 CG641, 180 warnings (> the cap of 100).
        types = [{"id": t + 1, "name": f"t{t}",
                  "fields": [{"name": "a", "type": "u8"},
                             {"name": "b", "type": "u8", "ops": ["eq"]},
                             {"name": "c", "type": "u8", "ops": ["eq"]}]} for t in range(60)]
        doc = {"schema_version": 1, "channel": {"id": 5, "name": "warn"}, "template_types": types,
               "sensors": [{"version": "1.0", "inputs": {f"t{t}": 1 for t in range(60)}}]}
        path = FX.write("warn-180.schema.json", json.dumps(doc).encode())

        def check(*ignore):
            args = [a for code in ignore for a in ("--ignore", code)]
            rc, out, err = run("check-schema", "--format", "json", *args, path)
            self.assertEqual(rc, 0, err)
            f = json.loads(out)["files"][0]
            codes = [d["code"] for d in f["diagnostics"]]
            return f["errors"], f["warnings"], len(codes), {c: codes.count(c) for c in set(codes)}

        all_kept = check()
        self.assertEqual(all_kept[:3], (0, 180, 100))
        self.assertEqual(check("CG641"), (0, 60, 60, {"CG640": 60}))
        without_640 = check("CG640")
        self.assertEqual(without_640[:3], (0, 120, 100))
        self.assertEqual(without_640[3], {"CG641": 100})
        self.assertEqual(check("CG640", "CG641"), (0, 0, 0, {}))
        rc, out, _ = run("check-schema", "--ignore", "CG641", path)
        self.assertEqual(rc, 0)
        self.assertIn("0 errors, 60 warnings", out.splitlines()[-1])


class ExplainTest(Base):
    def test_every_code(self):
        codes = all_codes()
        self.assertGreater(len(codes), 50)
        for code in codes:
            rc, out, err = run("explain", code)
            self.assertEqual(rc, 0, code)
            self.assertRegex(out, rf"^{code} \((error|warning)\): .+")
            for part in ("Meaning: ", "Example: ", "Fix: "):
                self.assertRegex(out, rf"\n{part}\S", f"{code} lacks {part}")
        self.assertEqual(run("explain", "cg400")[0], 0)

    def test_unknown_code(self):
        self.assertUsage(run("explain", "CG999"), "CG999")
        self.assertUsage(run("explain", "hello"))


class SimulateAndHeaderTest(Base):
    def test_simulate_finds_the_out_of_bounds_read(self):
        rc, out, err = run("simulate", "--schema", FX.schema, "--sensor", "7.11", FX.repro_bin)
        self.assertEqual(rc, 1, err)
        self.assertIn("client_parent_image_path", out)
        rc, out, err = run("simulate", "--schema", FX.schema, "--sensor", "7.11", "--format", "json", FX.good_bin)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["files"][0]["out_of_bounds"], [])
        self.assertUsage(run("simulate", "--schema", FX.schema, "--sensor", "9.9", FX.good_bin), "CG403")

    def test_gen_header(self):
        out_h = FX.path("channel_291.h")
        rc, out, err = run("gen-header", "--schema", FX.schema, "-o", out_h)
        self.assertEqual((rc, out), (0, ""), err)
        with open(out_h) as fh:
            text = fh.read()
        self.assertIn("#include <cstdint>", text)
        self.assertIn("kFieldCount", text)
        self.assertUsage(run("gen-header", "--schema", FX.bad_schema, "-o", FX.path("bad.h")), "CG600")
        self.assertFalse(os.path.exists(FX.path("bad.h")))


def temp_files(folder):
    return glob.glob(os.path.join(folder, ".cg-*.tmp"))


def sparse(path, size, head=b""):
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


class NoFileToCheckTest(Base):
    def test_empty_folder_and_folder_without_content(self):
        empty = os.path.join(FX.tmp, "empty-folder")
        os.makedirs(empty, exist_ok=True)
        self.assertUsage(run("validate", "--schema", FX.schema, empty), "no file to check")
        other = os.path.join(FX.tmp, "only-readme")
        os.makedirs(os.path.join(other, "sub"), exist_ok=True)
        with open(os.path.join(other, "sub", "README.txt"), "w") as fh:
            fh.write("no content here\n")
        for fmt in ("text", "json", "sarif", "junit"):
            self.assertUsage(run("validate", "--schema", FX.schema, "--format", fmt, other),
                             "no file to check", ".bin or .json")
        self.assertUsage(run("check-schema", empty), "no file to check")


class FailedWriteTest(Base):
    def test_dev_full_is_exit_2(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        for args in (["validate", "--schema", FX.schema, FX.good_src],
                     ["validate", "--schema", FX.schema, "--format", "json", FX.good_bin],
                     ["dump", "--schema", FX.schema, "--sensor", "7.16", FX.good_bin],
                     ["dump", "--schema", FX.schema, FX.good_bin],  # with CG401 warnings
                     ["explain", "CG400"], ["explain", "--list"],
                     ["check-schema", FX.schema],
                     ["simulate", "--schema", FX.schema, FX.good_bin],
                     ["compile", "--schema", FX.schema, "-o", "-", FX.good_src]):
            with open("/dev/full", "wb") as full:
                rc, _, err = run(*args, stdout=full)
            self.assertEqual(rc, 2, args)
            self.assertEqual(len(err.splitlines()), 1, (args, err))
            self.assertIn("cannot write to standard output", err, args)

    def test_closed_pipe_is_exit_2(self):
        r, w = os.pipe()
        os.close(r)
        try:
            rc, _, err = run("validate", "--schema", FX.schema, "--format", "sarif", FX.good_src,
                             stdout=w)
        finally:
            os.close(w)
        self.assertEqual(rc, 2)
        self.assertEqual(err.splitlines(), ["contentgate: cannot write to standard output: Broken pipe"])

    def test_report_file_that_cannot_be_written(self):
        self.assertUsage(run("validate", "--schema", FX.schema, "--report", FX.path("no/dir/r.json"),
                             FX.good_src), "no/dir/r.json")


class OutputOverInputTest(Base):
    def setUp(self):
        self.folder = os.path.join(FX.tmp, "over-input")
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        self.src = os.path.join(self.folder, "src.json")
        shutil.copy(FX.good_src, self.src)
        self.before = FX.read(self.src)

    def check_refused(self, res):
        self.assertUsage(res, "is the input", "refused")
        self.assertEqual(FX.read(self.src), self.before)
        self.assertEqual(temp_files(self.folder), [])

    def test_compile_onto_its_source_by_any_path(self):
        link = os.path.join(self.folder, "link.json")
        os.symlink(self.src, link)
        hard = os.path.join(self.folder, "hard.bin")
        os.link(self.src, hard)
        for out in (self.src, os.path.join(self.folder, ".", "src.json"), link, hard):
            self.check_refused(run("compile", "--schema", FX.schema, "-o", out, self.src))
        self.check_refused(run("compile", "--schema", FX.schema, "-o", hard, link))

    def test_onto_the_schema_and_report_onto_an_input(self):
        schema = os.path.join(self.folder, "s.schema.json")
        shutil.copy(FX.schema, schema)
        before = FX.read(schema)
        for args in (["compile", "--schema", schema, "-o", schema, self.src],
                     ["gen-header", "--schema", schema, "-o", schema],
                     ["validate", "--schema", schema, "--report", self.src, self.src],
                     ["compile", "--schema", schema, "-o", FX.path("ok.bin"), "--report", self.src,
                      self.src]):
            self.assertUsage(run(*args), "is the input")
            self.assertEqual(FX.read(schema), before)
            self.assertEqual(FX.read(self.src), self.before)


class StdinTest(Base):
    def test_dash_reads_stdin_with_its_name(self):
        data = FX.read(FX.repro_bin)
        rc, doc, _ = self.validate_json("--schema", FX.schema, "--sensor", "7.11", "--stdin-name",
                                        "upload/c.bin", "-") if False else (None, None, None)
        p = subprocess.run([BIN, "validate", "--schema", FX.schema, "--sensor", "7.11", "--format",
                            "json", "--stdin-name", "upload/c.bin", "-"], input=data,
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 1, p.stderr)
        f = json.loads(p.stdout)["files"][0]
        self.assertEqual((f["path"], f["kind"]), ("upload/c.bin", "channel"))
        self.assertIn("CG400", [d["code"] for d in f["diagnostics"]])
        rc, out, _ = run("validate", "--schema", FX.schema, "-", stdin=FX.read(FX.good_src))
        self.assertEqual(rc, 0)
        self.assertTrue(out.splitlines()[0].startswith("-:"), out)
        rc, out, err = run("dump", "--schema", FX.schema, "--sensor", "7.16", "-", stdin=FX.read(FX.good_bin))
        self.assertEqual(rc, 0, err)
        self.assertIn("instances", json.loads(out))
        rc, out, err = run("simulate", "--schema", FX.schema, "--sensor", "7.11", "--stdin-name", "in.bin",
                           "-", stdin=FX.read(FX.repro_bin))
        self.assertEqual(rc, 1, err)
        self.assertIn("in.bin", out)

    def test_compile_to_stdout(self):
        p = subprocess.run([BIN, "compile", "--schema", FX.schema, "--sensor", "7.16", "-o", "-",
                            FX.repro_src], capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, FX.read(FX.repro_bin))

    def test_stdin_over_the_limit_is_cg106(self):
        rc, doc, _ = (lambda p: (p.returncode, json.loads(p.stdout), p.stderr))(subprocess.run(
            [BIN, "validate", "--schema", FX.small_schema, "--format", "json", "-"],
            input=b"CHNL" + bytes(2000), capture_output=True, timeout=60))
        self.assertEqual(rc, 1)
        d = doc["files"][0]["diagnostics"]
        self.assertEqual([x["code"] for x in d], ["CG106"])
        self.assertIn("file is 2004 bytes", d[0]["message"])
        # Read no further than the limit + 1: the size is then a lower bound.
        p = subprocess.run([BIN, "validate", "--schema", FX.small_schema, "--format", "json", "-"],
                           input=b"{" + b" " * (64 * 1024) + b"}", capture_output=True, timeout=60)
        f = json.loads(p.stdout)["files"][0]
        self.assertEqual((f["kind"], [x["code"] for x in f["diagnostics"]]), ("source", ["CG106"]))
        self.assertIn("source file is more than 16384 bytes", f["diagnostics"][0]["message"])


def run_counting_reads(*args):
    """Runs the command; returns its status, its standard output and how many
    bytes it read (rchar of /proc/PID/io, taken once it has exited and before
    it is reaped): an operation count that load cannot change."""
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen([BIN, *args], stdout=out, stderr=subprocess.DEVNULL)
        os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
        with open(f"/proc/{p.pid}/io") as io:
            read = int(next(line for line in io if line.startswith("rchar:")).split()[1])
        p.wait()
        out.seek(0)
        return p.returncode, out.read().decode(), read


def limited(*args):
    """Runs the command with 1 GiB of address space: reading or mapping a
    multi-GiB input fails, so passing shows the input was left unread."""
    import resource
    p = subprocess.run([BIN, *args], capture_output=True, timeout=120,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)))
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class SizeLimitTest(Base):
    def test_dump_and_simulate_refuse_an_oversized_channel_file_unread(self):
        huge = sparse(FX.path("huge2g.bin"), 2 << 30, b"CHNL")
        try:
            rc, out, err = limited("dump", "--schema", FX.schema, huge)
            self.assertEqual((rc, out), (1, ""))
            self.assertEqual([TEXT_LINE.match(l)["code"] for l in err.splitlines()], ["CG106"])
            rc, out, err = limited("simulate", "--schema", FX.schema, "--format", "json", huge)
            self.assertEqual(rc, 1, err)
            f = json.loads(out)["files"][0]
            self.assertEqual([d["code"] for d in f["diagnostics"]], ["CG106"])
            self.assertIn(str(2 << 30), f["diagnostics"][0]["message"])
        finally:
            os.unlink(huge)

    def test_schema_and_events_over_64_mib_refused_unread(self):
        big = sparse(FX.path("big.schema.json"), 2 << 30, b"{")
        try:
            self.assertUsage(limited("check-schema", big), "big.schema.json", "refused unread")
            self.assertUsage(limited("validate", "--schema", big, FX.good_src), "refused unread")
            self.assertUsage(limited("simulate", "--schema", FX.schema, "--events", big, FX.good_bin),
                             "events file", "refused unread")
        finally:
            os.unlink(big)


class ShrinkingFileTest(Base):
    def test_a_file_changing_while_read_never_crashes(self):
        """A truncating writer races validate: every run ends with a verdict or
        one line and exit 2, never a signal (mapped reads died of SIGBUS)."""
        path = FX.path("shrinking.bin")
        good = FX.read(FX.good_bin)
        body = good + bytes((8 << 20) - len(good))
        stop = threading.Event()

        def churn():
            while not stop.is_set():
                with open(path, "r+b") as fh:
                    fh.truncate(4096)
                    time.sleep(0.002)  # the file stays short while a reader may look
                    fh.seek(0)
                    fh.write(body)

        with open(path, "wb") as fh:
            fh.write(body)
        writer = threading.Thread(target=churn)
        writer.start()
        try:
            outcomes = set()
            for _ in range(15):
                rc, out, err = run("validate", "--schema", FX.schema, "--format", "json", path)
                self.assertGreaterEqual(rc, 0, f"killed by signal {-rc}")
                self.assertIn(rc, (1, 2), err)
                if rc == 2:
                    self.assertEqual(len(err.splitlines()), 1, err)
                    self.assertEqual(out, "")
                outcomes.add(rc)
        finally:
            stop.set()
            writer.join()
            os.unlink(path)


class NamesTest(Base):
    def test_control_characters_escaped_in_text_and_bytes_kept_in_json(self):
        folder = os.path.join(FX.tmp.encode(), b"names")
        os.makedirs(folder, exist_ok=True)
        name = os.path.join(folder, b"a\nb\x1b\xff.bin")
        with open(name, "wb") as fh:
            fh.write(b"short")
        rc, out, _ = run("validate", "--schema", FX.schema, os.fsdecode(name))
        self.assertEqual(rc, 1)
        first = out.splitlines()[0]
        self.assertIn("names/a\\x0ab\\x1b", first)
        self.assertIn(": error: CG100 ", first)
        rc, doc, _ = self.validate_json("--schema", FX.schema, os.fsdecode(name))
        f = doc["files"][0]
        self.assertEqual(f["path"], os.fsdecode(name).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        self.assertEqual(bytes.fromhex(f["path_bytes"]), name)
        rc, doc, _ = self.validate_json("--schema", FX.schema, FX.good_bin)
        self.assertNotIn("path_bytes", doc["files"][0])


class SignalTest(Base):
    def interrupt(self, args, folder, sig):
        p = subprocess.Popen([BIN, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        try:
            for _ in range(500):  # the temporary file appears before stdin is read
                if temp_files(folder):
                    break
                time.sleep(0.01)
            self.assertEqual(len(temp_files(folder)), 1, "no temporary file while blocked on stdin")
            p.send_signal(sig)
            p.wait(timeout=30)
        finally:
            if p.poll() is None:
                p.kill()
            p.stdin.close()
            p.stdout.close()
            p.stderr.close()
        self.assertEqual(p.returncode, -sig)
        self.assertEqual(temp_files(folder), [])

    def test_compile_and_report_writes_leave_no_temporary_file(self):
        folder = os.path.join(FX.tmp, "signals")
        os.makedirs(folder, exist_ok=True)
        self.interrupt(["compile", "--schema", FX.schema, "-o", os.path.join(folder, "o.bin"), "-"],
                       folder, signal.SIGTERM)
        self.interrupt(["validate", "--schema", FX.schema, "--report", os.path.join(folder, "r.json"),
                        "-"], folder, signal.SIGINT)
        self.assertEqual(os.listdir(folder), [])


class HintTest(Base):
    def test_text_files_read_as_channel_files(self):
        cases = [
            (b"\xff\xfe" + "{\"channel\": 291}".encode("utf-16-le"), "CG100", "looks like a UTF-16 text file"),
            (b"\xfe\xff" + ("{\"x\": 1}" * 10).encode("utf-16-be"), "CG101", "looks like a UTF-16 text file"),
            (b"// settings\n{\"channel\": 291}\n", "CG100", "looks like JSON with comments, which is not accepted"),
            (b"/* c */ {\"channel\": 291, \"instances\": [], \"schema_version\": 1, \"x\": 2}", "CG101",
             "looks like JSON with comments"),
            (b"# comment\n" + b" " * 80, "CG101", "looks like JSON with comments"),
        ]
        for i, (data, code, hint) in enumerate(cases):
            path = FX.write(f"hint{i}.json", data)
            rc, doc, _ = self.validate_json("--schema", FX.schema, path)
            self.assertEqual(rc, 1)
            d = doc["files"][0]["diagnostics"][0]
            self.assertEqual((doc["files"][0]["kind"], d["code"]), ("channel", code), (data, len(data)))
            self.assertTrue(d["message"].endswith("; " + hint) or hint in d["message"], d["message"])
            rc, out, _ = run("validate", "--schema", FX.schema, path)
            self.assertIn(hint, out.splitlines()[0])
        rc, doc, _ = self.validate_json("--schema", FX.schema, FX.write("plain.bin", b"x" * 70))
        self.assertNotIn("looks like", doc["files"][0]["diagnostics"][0]["message"])

    def test_simulate_gives_the_same_hint(self):
        path = FX.write("hint-sim.json", b"\xff\xfe" + "{\"channel\": 291}".encode("utf-16-le"))
        rc, out, _ = run("simulate", "--schema", FX.schema, path)
        self.assertEqual(rc, 1)
        self.assertIn("CG100", out)
        self.assertIn("looks like a UTF-16 text file", out)
        rc, out, _ = run("simulate", "--schema", FX.schema, "--format", "json", path)
        self.assertEqual(rc, 1)
        message = json.loads(out)["files"][0]["diagnostics"][0]["message"]
        self.assertIn("looks like a UTF-16 text file", message)


class LayoutTest(Base):
    def test_compact_by_default_and_pretty_on_request(self):
        for cmd in (["validate", "--schema", FX.schema, "--format", "json", FX.good_bin, FX.repro_bin],
                    ["validate", "--schema", FX.schema, "--format", "sarif", FX.good_bin],
                    ["check-schema", "--format", "json", FX.schema],
                    ["simulate", "--schema", FX.schema, "--format", "json", FX.good_bin]):
            rc, compact, err = run(*cmd)
            self.assertIn(rc, (0, 1), err)
            doc = json.loads(compact)
            self.assertFalse(any(l.startswith(" ") for l in compact.splitlines()), cmd)
            self.assertLessEqual(len(compact.splitlines()), len(compact.split('"ruleId"')) + len(doc.get("files", [])) + 2)
            rc2, pretty, _ = run(*cmd, "--pretty")
            self.assertEqual((rc2, json.loads(pretty)), (rc, doc))
            self.assertTrue(any(l.startswith("  ") for l in pretty.splitlines()), cmd)


class ReportOptionsTest(Base):
    def test_ignore_drops_warnings_and_refuses_errors(self):
        rc, doc, _ = self.validate_json("--schema", FX.schema, "--ignore", "CG401", "--strict", FX.good_src)
        self.assertEqual(rc, 0)
        f = doc["files"][0]
        self.assertEqual((f["warnings"], f["diagnostics"]), (0, []))
        self.assertUsage(run("validate", "--schema", FX.schema, "--ignore", "CG400", FX.good_src),
                         "CG400", "error cannot be ignored")
        self.assertUsage(run("validate", "--schema", FX.schema, "--ignore", "CG999", FX.good_src), "CG999")
        rc, out, _ = run("check-schema", "--ignore", "CG640", "--ignore", "641", "--strict", FX.schema)
        self.assertEqual(rc, 0, out)

    def test_report_file_written_atomically_instead_of_stdout(self):
        report = FX.path("report.json")
        rc, out, err = run("validate", "--schema", FX.schema, "--format", "json", "--report", report,
                           FX.good_src)
        self.assertEqual((rc, out, err), (0, "", ""))
        self.assertEqual(json.loads(FX.read(report))["files"][0]["path"], FX.good_src)
        rc, out, err = run("compile", "--schema", FX.schema, "-o", FX.path("r.bin"), "--format", "json",
                           "--report", report, FX.good_src)
        self.assertEqual((rc, out, err), (0, "", ""))
        self.assertEqual({d["code"] for d in json.loads(FX.read(report))["files"][0]["diagnostics"]}, {"CG401"})

    def test_junit(self):
        rc, out, _ = run("validate", "--schema", FX.schema, "--sensor", "7.11", "--format", "junit",
                         FX.repro_bin, FX.good_bin, FX.repro_src)
        self.assertEqual(rc, 1)
        root = ET.fromstring(out)
        suites = root.findall("testsuite")
        self.assertEqual(len(suites), 1)
        cases = suites[0].findall("testcase")
        self.assertEqual([c.get("name") for c in cases], [FX.repro_bin, FX.good_bin, FX.repro_src])
        self.assertEqual([len(c.findall("failure")) for c in cases], [1, 0, 1])
        self.assertEqual(cases[0].find("failure").get("type"), "CG400")
        self.assertEqual((suites[0].get("tests"), suites[0].get("failures")), ("3", "2"))

    def test_check_schema_strict_and_folders(self):
        folder = os.path.join(FX.tmp, "schemas")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(FX.schema, os.path.join(folder, "a.schema.json"))
        with open(os.path.join(folder, "notes.txt"), "w") as fh:
            fh.write("skipped\n")
        rc, doc, err = (lambda r: (r[0], json.loads(r[1]), r[2]))(run("check-schema", "--format", "json", folder))
        self.assertEqual(rc, 0, err)
        self.assertEqual([f["path"] for f in doc["files"]], [os.path.join(folder, "a.schema.json")])
        self.assertGreater(doc["files"][0]["warnings"], 0)
        self.assertEqual(run("check-schema", "--strict", folder)[0], 1)

    def test_compile_format_max_errors_and_strict(self):
        rc, out, err = run("compile", "--schema", FX.schema, "--format", "json", "-o", FX.path("c1.bin"),
                           FX.repro_src)
        self.assertEqual((rc, out), (1, ""))
        self.assertIn("CG400", [d["code"] for d in json.loads(err)["files"][0]["diagnostics"]])
        rc, out, err = run("compile", "--schema", FX.schema, "--max-errors", "1", "-o", FX.path("c1.bin"),
                           FX.good_src)
        self.assertEqual(rc, 0)
        self.assertEqual(len([l for l in err.splitlines() if TEXT_LINE.match(l)]), 1)
        self.assertRegex(err, r"note: \d+ more diagnostics? not shown \(limit 1\)")
        out_path = FX.path("strict.bin")
        rc, _, err = run("compile", "--schema", FX.schema, "--strict", "-o", out_path, FX.good_src)
        self.assertEqual(rc, 1, err)
        self.assertFalse(os.path.exists(out_path))


class MessagesTest(Base):
    RAW = ("A subcommand is required", "At Most", "required but received", "UINT", "N>=0", "TEXT",
           "The following argument", "is not in {", "Run with --help")

    def test_no_cli11_wording(self):
        for args in ([], ["frobnicate"], ["validate"], ["validate", "--schema"],
                     ["validate", "--schema", FX.schema, "--bogus", FX.good_src],
                     ["validate", "--schema", FX.schema, "--format", "xml", FX.good_src],
                     ["validate", "--schema", FX.schema, "--max-errors", "x", FX.good_src],
                     ["explain", "CG400", "CG401"], ["compile", "--schema", FX.schema, FX.good_src]):
            rc, out, err = run(*args)
            self.assertUsage((rc, out, err))
            for raw in self.RAW:
                self.assertNotIn(raw, err, args)
            if args:
                self.assertIn(args[0] + ":" if args[0] != "frobnicate" else "frobnicate", err)
        self.assertIn("validate: --format FORMAT: 'xml' is not one of",
                      run("validate", "--schema", FX.schema, "--format", "xml", FX.good_src)[2])
        self.assertIn("compile: -o OUT is required", run("compile", "--schema", FX.schema, FX.good_src)[2])
        for cmd in ("validate", "compile", "dump", "check-schema", "explain", "simulate", "gen-header"):
            _, out, _ = run(cmd, "--help")
            for raw in self.RAW:
                self.assertNotIn(raw, out, cmd)
        _, out, _ = run("explain", "--help")
        self.assertNotIn("a file has an error", out)

    def test_explain_list(self):
        rc, out, _ = run("explain", "--list")
        self.assertEqual(rc, 0)
        lines = out.splitlines()
        self.assertEqual([l.split()[0] for l in lines], all_codes())
        self.assertTrue(lines[0].startswith("CG100 E file is shorter"))


def sarif_schema_check():
    """Validates SARIF logs against the official 2.1.0 schema: 0 pass, 1 fail, 77 skip."""
    try:
        import jsonschema
    except ImportError:
        print("SKIP: the SARIF check needs the Python package jsonschema (Debian: python3-jsonschema)")
        return SKIP
    schema_path = sarif_schema_path()
    if schema_path is None:
        print("SKIP: the SARIF 2.1.0 schema was not found: install the npm package @microsoft/jest-sarif "
              "globally (npm install -g @microsoft/jest-sarif) or set CONTENTGATE_SARIF_SCHEMA")
        return SKIP
    with open(schema_path) as fh:
        schema = json.load(fh)
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    folder = os.path.join(FX.tmp, "sarif-mixed")
    make_mixed_folder(folder, 24)
    logs = {
        "validate": run("validate", "--schema", FX.schema, "--format", "sarif", folder, FX.good_src,
                        FX.repro_src),
        "validate-clean": run("validate", "--schema", FX.schema, "--sensor", "7.16", "--format", "sarif",
                              FX.good_bin),
        "check-schema": run("check-schema", "--format", "sarif", FX.schema, FX.bad_schema),
    }
    failed = 0
    for name, (rc, out, err) in logs.items():
        log = json.loads(out)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        results = len(log["runs"][0]["results"])
        if errors:
            failed += 1
            print(f"FAIL {name}: {len(errors)} schema violations; first: {errors[0].message} at "
                  f"{list(errors[0].path)}")
        else:
            print(f"ok   {name}: valid SARIF 2.1.0 ({results} results) against {os.path.basename(schema_path)} "
                  f"with {validator_class.__name__}")
    print(f"sarif: {len(logs) - failed} passed, {failed} failed")
    return 1 if failed else 0


def multitool_path():
    env = os.environ.get("CONTENTGATE_SARIF_MULTITOOL")
    if env:
        return env if os.path.exists(env) else None
    npm = shutil.which("npm")
    roots = ["/usr/local/lib/node_modules", "/usr/lib/node_modules"]
    if npm:
        try:
            roots.insert(0, subprocess.run([npm, "root", "-g"], capture_output=True, text=True,
                                           timeout=60).stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    for root in roots:
        # The package's bin script runs the tool through a shell, which splits
        # "Ghas;Sarif": run the executable itself.
        exe = os.path.join(root, "@microsoft/sarif-multitool-linux/Sarif.Multitool")
        if os.path.exists(exe):
            return exe
    return None


def sarif_multitool_check():
    """Runs Microsoft's SARIF Multitool `validate`, GitHub rules GH1001-GH1007
    enabled, on SARIF logs of every command: 0 pass, 1 fail, 77 skip."""
    tool = multitool_path()
    if tool is None:
        print("SKIP: the SARIF Multitool was not found: install the npm package "
              "@microsoft/sarif-multitool-linux globally (npm install -g "
              "@microsoft/sarif-multitool-linux) or set CONTENTGATE_SARIF_MULTITOOL")
        return SKIP
    config = os.path.join(ROOT, "tests/sarif_github_rules.xml")
    work = os.path.join(FX.tmp, "multitool")
    os.makedirs(work, exist_ok=True)
    make_mixed_folder(os.path.join(work, "content"), 24)
    shutil.copy(FX.repro_bin, os.path.join(work, "repro.bin"))
    shutil.copy(FX.repro_src, os.path.join(work, "repro.json"))
    shutil.copy(FX.schema, os.path.join(work, "s.schema.json"))
    shutil.copy(FX.bad_schema, os.path.join(work, "bad.schema.json"))
    logs = {
        "validate": ["validate", "--schema", FX.schema, "--format", "sarif", "content", "repro.json",
                     os.path.join(work, "repro.bin")],
        "validate-clean": ["validate", "--schema", FX.schema, "--sensor", "7.16", "--format", "sarif",
                           "repro.bin"],
        # Code scanning shows files of the checkout only: the logs are made
        # in the folder the files are in, as a CI job does.
        "check-schema": ["check-schema", "--format", "sarif", "s.schema.json", "bad.schema.json"],
        "compile": ["compile", "--schema", FX.schema, "--format", "sarif", "--report", "compile.sarif",
                    "-o", "out.bin", "repro.json"],
    }
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    failed = 0
    for name, args in logs.items():
        log = os.path.join(work, name + ".sarif")
        rc, out, err = run(*args, cwd=work)
        if name != "compile":
            with open(log, "w") as fh:
                fh.write(out)
        result = os.path.join(work, name + ".validation.sarif")
        p = subprocess.run([tool, "validate", log, "-o", result, "--config", config, "--rule-kind",
                            "Ghas;Sarif", "--level", "Error;Warning"], capture_output=True, text=True,
                           env=env, timeout=300)
        findings = []
        if os.path.exists(result):
            with open(result) as fh:
                doc = json.load(fh)
            findings = [f"{r['ruleId']}: {r['message'].get('text') or r['message'].get('arguments')}"
                        for r in doc["runs"][0].get("results", [])]
        if p.returncode != 0 or findings or not os.path.exists(result):
            failed += 1
            print(f"FAIL {name}: multitool exit {p.returncode}; {findings[:3]} {p.stdout[-500:]}")
        else:
            print(f"ok   {name}: no Multitool finding (rule kinds Ghas;Sarif, GH1001-GH1007 on)")
    print(f"sarif-multitool: {len(logs) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    global BIN, ROOT, FX
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--only", choices=["sarif", "multitool"])
    args, rest = ap.parse_known_args()
    BIN, ROOT = os.path.abspath(args.bin), os.path.abspath(args.root)
    FX = Fixture()
    try:
        if args.only == "sarif":
            return sarif_schema_check()
        if args.only == "multitool":
            return sarif_multitool_check()
        result = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2).result
        failed = len(result.failures) + len(result.errors)
        print(f"cli_test: {result.testsRun - failed} passed, {failed} failed")
        return 0 if result.wasSuccessful() else 1
    finally:
        shutil.rmtree(FX.tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
