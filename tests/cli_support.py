"""What the CLI test scripts share: running the CLI under test, a test case
with the shipped example files, and main()."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = None  # the CLI under test, set by run_tests
ROOT = None  # the source tree, set by run_tests


def run(*args, cwd=None):
    """Runs the CLI under test with `args` (in `cwd`), at most 120 s; returns
    (exit status, stdout, stderr)."""
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


class ExampleFilesTest(unittest.TestCase):
    """A test case with a temporary folder (cls.tmp, named tmp_prefix...,
    removed after the class's tests) and the shipped example files:
    cls.schema (channel 291), cls.repro_src and cls.good_src."""
    tmp_prefix = "cg-test-"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix=cls.tmp_prefix)
        cls.schema = os.path.join(ROOT, "schemas", "channel-291.schema.json")
        cls.repro_src = os.path.join(ROOT, "examples", "channel-291.c291-repro.json")
        cls.good_src = os.path.join(ROOT, "examples", "channel-291.good.json")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)


def run_tests(namespace):
    """Sets BIN here and namespace["BIN"] and namespace["ROOT"] from --bin and --root (as
    absolute paths), runs the unittest cases of __main__ with the remaining
    arguments, and returns the exit status: 0 when every case passed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--root", required=True)
    args, rest = parser.parse_known_args()
    global BIN, ROOT
    BIN = os.path.abspath(args.bin)
    ROOT = os.path.abspath(args.root)
    namespace["BIN"] = BIN
    namespace["ROOT"] = ROOT
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    return 0 if result.wasSuccessful() else 1
