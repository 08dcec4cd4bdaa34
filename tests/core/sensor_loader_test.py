#!/usr/bin/env python3
"""File: tests/core/sensor_loader_test.py
End-to-end check of examples/sensor_loader (plain C99, the core and
generated tables only): the example content is accepted on every sensor,
the Channel File 291 reproduction is rejected on 7.11 with its unsafe
instance listed and accepted on 7.16, and a corrupted file is rejected."""

import argparse
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--loader", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    schema = os.path.join(args.root, "schemas", "channel-291.schema.json")
    failures = 0

    def expect(cond, what, out=""):
        nonlocal failures
        print(("ok    " if cond else "FAIL  ") + what)
        if not cond:
            print(out)
            failures += 1

    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, src in (("good", "channel-291.good.json"),
                          ("repro", "channel-291.c291-repro.json")):
            out = os.path.join(tmp, name + ".bin")
            r = subprocess.run([args.cli, "compile", "--schema", schema, "--sensor", "7.16",
                                "-o", out, os.path.join(args.root, "examples", src)],
                               capture_output=True, text=True)
            expect(os.path.exists(out), f"compile {src}", r.stdout + r.stderr)
            files[name] = out

        def load(path, sensor):
            r = subprocess.run([args.loader, path, sensor], capture_output=True, text=True)
            return r.returncode, r.stdout + r.stderr

        rc, out = load(files["good"], "7.16")
        expect(rc == 0 and "is valid for sensor 7.16" in out, "good content accepted on 7.16", out)
        rc, out = load(files["repro"], "7.11")
        expect(rc == 1 and "the first CG400" in out and "unsafe instances:" in out
               and "keeping the current content" in out,
               "reproduction rejected on 7.11 with its unsafe instances", out)
        rc, out = load(files["repro"], "7.16")
        expect(rc == 0, "reproduction accepted on 7.16 (it supplies every input)", out)
        with open(files["good"], "rb") as f:
            data = bytearray(f.read())
        data[70] ^= 0xFF
        bad = os.path.join(tmp, "bad.bin")
        with open(bad, "wb") as f:
            f.write(data)
        rc, out = load(bad, "7.16")
        expect(rc == 1 and "the first CG114 at offset 56" in out, "corrupted file rejected (CG114)",
               out)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
