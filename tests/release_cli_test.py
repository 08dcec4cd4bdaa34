#!/usr/bin/env python3
# File: tests/release_cli_test.py
# End-to-end tests of `contentgate diff` and `contentgate test` (release.md):
# the headline diff of the spec's examples, tests files, exit statuses.
import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

ARGS = None
SPEC = None


def run(*args):
    return subprocess.run([ARGS.bin, *args], capture_output=True)


class ReleaseCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.schema = os.path.join(ARGS.root, "schemas/channel-291.schema.json")
        self.good = os.path.join(ARGS.root, "examples/channel-291.good.json")
        self.repro = os.path.join(ARGS.root, "examples/channel-291.c291-repro.json")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return p

    def compile(self, src, name):
        out = self.path(name)
        res = run("compile", "--schema", self.schema, "--sensor", "7.16", "-o", out, src)
        self.assertEqual(res.returncode, 0, res.stderr)
        return out

    def test_headline_diff_of_compiled_examples(self):
        good = self.compile(self.good, "good.bin")
        repro = self.compile(self.repro, "repro.bin")
        res = run("diff", "--schema", self.schema, "--sensor", "7.16", "--format", "json",
                  good, repro)
        self.assertEqual(res.returncode, 0, res.stderr)
        doc = json.loads(res.stdout)
        self.assertEqual(doc["command"], "diff")
        self.assertEqual(doc["old"], {"path": good, "channel": 291, "content_version": 31})
        self.assertEqual(doc["new"], {"path": repro, "channel": 291, "content_version": 32})
        self.assertEqual(doc["summary"], {"added": 1, "removed": 0, "changed": 0,
                                          "unchanged": 3, "enabled": 0, "disabled": 0})
        self.assertEqual(doc["changes"], [{"instance_id": 13, "change": "added",
                                           "template_type": "ipc_named_pipe",
                                           "fields": ["pipe_name", "client_parent_image_path"]}])
        self.assertEqual(doc["first_use"], [{"template_type": "ipc_named_pipe",
                                             "field": "client_parent_image_path",
                                             "instance_id": 13, "covered": False}])
        [d] = doc["files"][1]["diagnostics"]
        self.assertEqual(d["code"], "CG803")
        self.assertEqual((d["instance_id"], d["criterion"], d["field"]),
                         (13, 20, "client_parent_image_path"))
        self.assertIn("offset", d)

    def test_targeting_7_11_stops_at_new_cg400(self):
        res = run("diff", "--schema", self.schema, "--sensor", "7.16", "--sensor", "7.11",
                  "--format", "json", self.good, self.repro)
        self.assertEqual(res.returncode, 1)
        doc = json.loads(res.stdout)
        codes = [d["code"] for d in doc["files"][1]["diagnostics"]]
        self.assertIn("CG400", codes)
        self.assertNotIn("CG803", codes)
        self.assertNotIn("summary", doc)

    def test_source_new_locates_cg803_by_pointer_and_text_summary(self):
        res = run("diff", "--schema", self.schema, "--sensor", "7.16", self.good, self.repro)
        self.assertEqual(res.returncode, 0)
        out = res.stdout.decode()
        self.assertIn(":76:37: warning: CG803", out)
        self.assertIn("pointer /instances/3/criteria/client_parent_image_path", out)
        self.assertTrue(out.endswith(
            "(version 32): 1 added, 0 removed, 0 changed, 3 unchanged, 0 enabled, "
            "0 disabled; 1 first use\n"), out)
        strict = run("diff", "--schema", self.schema, "--sensor", "7.16", "--strict",
                     self.good, self.repro)
        self.assertEqual(strict.returncode, 1)

    def test_same_file_is_cg801_and_tests_clear_covered_first_uses(self):
        res = run("diff", "--schema", self.schema, "--sensor", "7.16", "--format", "json",
                  self.good, self.good)
        self.assertEqual(res.returncode, 1)
        [d] = json.loads(res.stdout)["files"][1]["diagnostics"]
        self.assertEqual((d["code"], d["pointer"]), ("CG801", "/content_version"))
        tests = os.path.join(ARGS.root, "examples/channel-291.c291-repro.tests.json")
        res = run("diff", "--schema", self.schema, "--sensor", "7.16", "--tests", tests,
                  "--strict", "--format", "json", self.good, self.repro)
        self.assertEqual(res.returncode, 0, res.stdout)
        self.assertTrue(json.loads(res.stdout)["first_use"][0]["covered"])

    def test_shipped_tests_pass_with_coverage(self):
        tests = os.path.join(ARGS.root, "examples/channel-291.tests.json")
        res = run("test", "--schema", self.schema, "--tests", tests, "--coverage",
                  "--format", "json", self.good)
        self.assertEqual(res.returncode, 0, res.stdout)
        doc = json.loads(res.stdout)
        self.assertEqual(doc["command"], "test")
        self.assertEqual(len(doc["results"]), 14)
        self.assertTrue(all(r["passed"] for r in doc["results"]))
        self.assertEqual([f["kind"] for f in doc["files"]], ["source", "tests"])
        self.assertEqual(doc["coverage"]["instances_covered"], 3)

    def test_failing_and_out_of_bounds_tests(self):
        tests = self.write("t.json", json.dumps({"channel": 291, "tests": [
            {"name": "rundll", "instance": 13, "expect": "match",
             "event": {"pipe_name": "\\\\.\\pipe\\x_wkssvc_1",
                       "client_parent_image_path": "C:\\\\RUNDLL32.EXE"}},
            {"name": "wrong", "instance": 10, "sensor": "7.16", "expect": "match",
             "event": {"pipe_name": "nope"}}]}))
        res = run("test", "--schema", self.schema, "--tests", tests, "--format", "json",
                  self.repro)
        self.assertEqual(res.returncode, 1)
        doc = json.loads(res.stdout)
        got = [(r["name"], r["sensor"], r["got"]) for r in doc["results"]]
        self.assertEqual(got, [("rundll", "7.11", "out-of-bounds"), ("rundll", "7.16", "match"),
                               ("wrong", "7.16", "no-match")])
        codes = [(d["code"], d.get("sensor")) for d in doc["files"][0]["diagnostics"]]
        self.assertEqual(codes[:2], [("CG901", "7.11"), ("CG900", "7.16")])
        self.assertTrue(doc["results"][2]["criteria"])
        junit = run("test", "--schema", self.schema, "--tests", tests, "--format", "junit",
                    self.repro)
        self.assertIn(b'tests="3" failures="2"', junit.stdout)

    def test_junit_escapes_as_validate_does(self):
        # One XML escaper for every JUnit document: markup escaped, a
        # control character XML 1.0 cannot carry (not even as &#1;) as \x01.
        tests = self.write("t.json", json.dumps({"channel": 291, "tests": [
            {"name": "it's <a&b> \u0001", "instance": 10, "sensor": "7.16",
             "expect": "match", "event": {"pipe_name": "nope"}}]}))
        res = run("test", "--schema", self.schema, "--tests", tests, "--format", "junit",
                  self.repro)
        self.assertEqual(res.returncode, 1)
        self.assertIn(b'name="it&apos;s &lt;a&amp;b&gt; \\x01"', res.stdout)
        names = [case.get("name") for case in ET.fromstring(res.stdout).iter("testcase")]
        self.assertIn("it's <a&b> \\x01", names)

    def test_bad_tests_files(self):
        bad = self.write("bad.json", '{"channel": 291, "tests": [], "extra": 1}')
        res = run("test", "--schema", self.schema, "--tests", bad, "--format", "json", self.good)
        self.assertEqual(res.returncode, 1)
        entry = json.loads(res.stdout)["files"][1]
        self.assertEqual(entry["kind"], "tests")
        self.assertEqual(entry["diagnostics"][0]["code"], "CG906")
        self.assertEqual(entry["diagnostics"][0]["pointer"], "/extra")
        notjson = self.write("nj.json", "{\"channel\": 291,")
        res = run("test", "--schema", self.schema, "--tests", notjson, self.good)
        self.assertIn(b"CG700", res.stdout)
        big = self.path("big.json")
        with open(big, "wb") as f:
            f.truncate((64 << 20) + 1)
        res = run("test", "--schema", self.schema, "--tests", big, self.good)
        self.assertEqual(res.returncode, 2)
        self.assertEqual(res.stdout, b"")
        self.assertEqual(res.stderr.count(b"\n"), 1)

    def test_usage_errors(self):
        tests = os.path.join(ARGS.root, "examples/channel-291.tests.json")
        for args in (["--ignore", "CG902", "--coverage"], ["--ignore", "CG900"],
                     ["--sensor", "9.9"]):
            res = run("test", "--schema", self.schema, "--tests", tests, *args, self.good)
            self.assertEqual(res.returncode, 2, args)
            self.assertEqual(res.stdout, b"")
        res = run("test", "--schema", self.schema, self.good)
        self.assertEqual(res.returncode, 2)

    def test_robustness(self):
        with open("/dev/full", "wb") as full:
            res = subprocess.run([ARGS.bin, "diff", "--schema", self.schema, self.good,
                                  self.repro], stdout=full, stderr=subprocess.PIPE)
        self.assertEqual(res.returncode, 2)
        self.assertEqual(res.stderr.count(b"\n"), 1)
        with open(self.good, "rb") as f:
            before = f.read()
        res = run("diff", "--schema", self.schema, "--report", self.good, self.good, self.repro)
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"is the input", res.stderr)
        with open(self.good, "rb") as f:
            self.assertEqual(f.read(), before)
        res = run("diff", "--schema", self.schema, "--ignore", "CG800", self.good, self.repro)
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"an error cannot be ignored", res.stderr)

    def test_report_file(self):
        report = self.path("report.json")
        res = run("diff", "--schema", self.schema, "--sensor", "7.16", "--format", "json",
                  "--report", report, self.good, self.repro)
        self.assertEqual(res.returncode, 0)
        self.assertEqual(res.stdout, b"")
        with open(report) as f:
            self.assertEqual(json.load(f)["command"], "diff")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--root", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
