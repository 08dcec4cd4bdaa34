"""What the CLI test scripts share: running the CLI under test, and main()."""

import argparse
import os
import subprocess
import sys
import unittest

BIN = None  # the CLI under test, set by run_tests


def run(*args, cwd=None):
    """Runs the CLI under test with `args` (in `cwd`), at most 120 s; returns
    (exit status, stdout, stderr)."""
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def run_tests(namespace):
    """Sets BIN here and namespace["BIN"] and namespace["ROOT"] from --bin and --root (as
    absolute paths), runs the unittest cases of __main__ with the remaining
    arguments, and returns the exit status: 0 when every case passed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--root", required=True)
    args, rest = parser.parse_known_args()
    global BIN
    BIN = os.path.abspath(args.bin)
    namespace["BIN"] = BIN
    namespace["ROOT"] = os.path.abspath(args.root)
    result = unittest.main(argv=[sys.argv[0], "-v", *rest], exit=False).result
    return 0 if result.wasSuccessful() else 1
