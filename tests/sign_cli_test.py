#!/usr/bin/env python3
"""End-to-end tests of `contentgate keygen`, `sign` and `verify`, and their
interoperability with Debian's `minisign` (0.11).

    python3 sign_cli_test.py --bin PATH/contentgate --root PROJECT_DIR [--only interop]

`--only interop` runs only the minisign round trips; without a `minisign`
binary it prints why and exits 77, which ctest reports as skipped. Encrypted
keys cost one scrypt (about 1 GiB, seconds) per use: each is made once.
Passwords typed at a terminal are typed through a pseudo-terminal.
"""
import argparse
import base64
import json
import os
import pty
import re
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

BIN = ROOT = None
SKIP = 77
SCHEMA = "schemas/channel-291.schema.json"
COMMENT = "contentgate channel=291 content_version=31"
PASSWORD = "correct horse battery"


def run(*args, stdin=None, env=None, input_bytes=None):
    full_env = dict(os.environ)
    full_env.pop("CONTENTGATE_KEY_PASSWORD", None)
    full_env.update(env or {})
    p = subprocess.run([BIN, *args], capture_output=True, timeout=600, input=input_bytes,
                       stdin=subprocess.DEVNULL if stdin is None and input_bytes is None else stdin,
                       env=full_env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def pty_available():
    """True when a pseudo-terminal can be opened (not in a chroot without
    /dev/pts, for one)."""
    try:
        master, slave = os.openpty()
    except OSError:
        return False
    os.close(master)
    os.close(slave)
    return True


HAVE_PTY = pty_available()
NO_PTY = "no pseudo-terminal can be opened (is /dev/pts mounted?): passwords cannot be typed"


def run_pty(argv, answers, timeout=600):
    """Runs argv on a pseudo-terminal, typing answers[i] after the i+1-th
    "Password" prompt; returns (exit status, everything it printed)."""
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ)
        env.pop("CONTENTGATE_KEY_PASSWORD", None)
        os.execvpe(argv[0], argv, env)
    out = b""
    typed = 0
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        while typed < len(answers) and out.count(b"Password") > typed:
            os.write(fd, answers[typed].encode() + b"\n")
            typed += 1
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def child_max_rss_kib(argv):
    """Runs argv in a fresh Python process and returns (exit status, the
    command's peak resident memory in KiB), unaffected by earlier children."""
    code = ("import resource,subprocess,sys;"
            "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL).returncode;"
            "print(r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    p = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=600)
    status, rss = p.stdout.split()
    return int(status), int(rss)


class Fixture:
    """A scratch folder with the example channel file compiled, a file with
    an error for sensor 7.11, and an unencrypted contentgate key pair."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="cg-sign-")
        self.schema = os.path.join(ROOT, SCHEMA)
        self.good = self.path("good.bin")
        self.bad = self.path("repro.bin")
        assert run("compile", "--schema", self.schema, "-o", self.good,
                   os.path.join(ROOT, "examples/channel-291.good.json"))[0] == 0
        assert run("compile", "--schema", self.schema, "--sensor", "7.16", "-o", self.bad,
                   os.path.join(ROOT, "examples/channel-291.c291-repro.json"))[0] == 0
        self.pub, self.key = self.path("plain.pub"), self.path("plain.key")
        assert run("keygen", "--no-password", "-p", self.pub, "-s", self.key)[0] == 0

    def path(self, name):
        return os.path.join(self.dir, name)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


F = None


class KeygenTest(unittest.TestCase):
    def test_secret_key_is_0600_and_in_minisigns_format(self):
        self.assertEqual(stat.S_IMODE(os.stat(F.key).st_mode), 0o600)
        with open(F.pub) as fh:
            lines = fh.read().split("\n")
        self.assertTrue(lines[0].startswith("untrusted comment: "))
        self.assertEqual(len(lines[1]), 56)  # base64 of 42 bytes
        self.assertEqual(lines[2:], [""])

    def test_refuses_to_overwrite(self):
        with open(F.key, "rb") as fh:
            before = fh.read()
        code, out, err = run("keygen", "--no-password", "-p", F.path("new.pub"), "-s", F.key)
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("already exists", err)
        self.assertFalse(os.path.exists(F.path("new.pub")))
        with open(F.key, "rb") as fh:
            self.assertEqual(fh.read(), before)

    def test_password_without_terminal_or_variable_is_a_usage_error(self):
        code, _, err = run("keygen", "-p", F.path("p1.pub"), "-s", F.path("p1.key"))
        self.assertEqual(code, 2)
        self.assertIn("CONTENTGATE_KEY_PASSWORD", err)
        self.assertFalse(os.path.exists(F.path("p1.key")))


class SignVerifyTest(unittest.TestCase):
    def sign(self, *extra, file=None):
        return run("sign", "--schema", F.schema, "--key", F.key, *extra, file or F.good)

    def test_sign_then_verify_in_every_format(self):
        code, out, err = self.sign("-o", F.path("good.sig"))
        self.assertEqual(code, 0, err)
        with open(F.path("good.sig")) as fh:
            self.assertEqual(fh.read().split("\n")[2], "trusted comment: " + COMMENT)
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("good.sig"), F.good)
        self.assertEqual(code, 0)
        self.assertRegex(out, r"1 file checked: 1 passed, 0 failed; 0 errors")
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("good.sig"),
                           "--format", "json", F.good)
        self.assertEqual(code, 0)
        entry = json.loads(out)["files"][0]
        self.assertEqual((entry["path"], entry["kind"], entry["valid"]), (F.good, "channel", True))
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("good.sig"),
                           "--format", "sarif", F.good)
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out)["runs"][0]["results"], [])

    def test_robustness(self):
        sig = F.path("rb.sig")
        self.assertEqual(self.sign("-o", sig)[0], 0)
        with open("/dev/full", "wb") as full:
            p = subprocess.run([BIN, "verify", "--pubkey", F.pub, "--signature", sig, F.good],
                               stdout=full, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr.count(b"\n"), 1)
        with open(F.good, "rb") as fh:
            before = fh.read()
        code, _, err = run("verify", "--pubkey", F.pub, "--signature", sig, "--report", F.good,
                           F.good)
        self.assertEqual(code, 2)
        self.assertIn("is the input", err)
        with open(F.good, "rb") as fh:
            self.assertEqual(fh.read(), before)
        code, _, err = run("verify", "--pubkey", F.pub, "--signature", sig, "--ignore", "CG852",
                           F.good)
        self.assertEqual(code, 2)
        self.assertIn("an error cannot be ignored", err)

    def test_default_signature_path_and_standard_output(self):
        code, _, err = self.sign()
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.exists(F.good + ".minisig"))
        self.assertEqual(run("verify", "--pubkey", F.pub, F.good)[0], 0)
        code, out, _ = self.sign("-o", "-")
        self.assertEqual(code, 0)
        self.assertIn("trusted comment: " + COMMENT, out)

    def test_a_file_with_an_error_is_not_signed(self):
        code, out, err = self.sign("-o", F.path("repro.sig"), file=F.bad)
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertRegex(err, r"repro\.bin:offset \d+: error: CG400 ")
        self.assertFalse(os.path.exists(F.path("repro.sig")))

    def test_output_naming_an_input_is_refused(self):
        with open(F.good, "rb") as fh:
            before = fh.read()
        code, _, err = self.sign("-o", F.good)
        self.assertEqual(code, 2)
        with open(F.good, "rb") as fh:
            self.assertEqual(fh.read(), before)

    def test_tampering_is_reported_with_its_code(self):
        self.assertEqual(self.sign("-o", F.path("t.sig"))[0], 0)
        with open(F.good, "rb") as fh:
            data = bytearray(fh.read())
        data[100] ^= 1
        with open(F.path("t.bin"), "wb") as fh:
            fh.write(data)
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("t.sig"), F.path("t.bin"))
        self.assertEqual(code, 1)
        self.assertRegex(out, r"t\.bin: error: CG852 the file's signature \(prehashed, over \d+ bytes\)")
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("t.sig"),
                           "--format", "sarif", F.path("t.bin"))
        self.assertEqual(code, 1)
        self.assertEqual([r["ruleId"] for r in json.loads(out)["runs"][0]["results"]], ["CG852"])
        # The trusted comment edited: CG853.
        with open(F.path("t.sig")) as fh:
            text = fh.read()
        with open(F.path("e.sig"), "w") as fh:
            fh.write(text.replace("content_version=31", "content_version=32"))
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("e.sig"),
                           "--format", "json", F.good)
        self.assertEqual(code, 1)
        diags = json.loads(out)["files"][0]["diagnostics"]
        self.assertEqual([(d["code"], "offset" in d) for d in diags], [("CG853", False)])

    def test_rollback_and_schema(self):
        self.assertEqual(self.sign("-o", F.path("r.sig"))[0], 0)
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("r.sig"),
                           "--min-version", "32", F.good)
        self.assertEqual(code, 1)
        self.assertIn("good.bin:offset 12: error: CG855 content_version 31 is lower than the minimum 32", out)
        self.assertEqual(run("verify", "--pubkey", F.pub, "--signature", F.path("r.sig"),
                             "--min-version", "31", F.good)[0], 0)
        # Then validation, as validate does (CG401 warnings for sensor 7.11).
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("r.sig"), "--schema",
                           F.schema, "--format", "json", F.good)
        self.assertEqual(code, 0)
        self.assertEqual({d["code"] for d in json.loads(out)["files"][0]["diagnostics"]}, {"CG401"})
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("r.sig"), "--schema",
                           F.schema, "--sensor", "7.16", "--format", "json", F.good)
        self.assertEqual((code, json.loads(out)["files"][0]["diagnostics"]), (0, []))
        self.assertEqual(run("verify", "--pubkey", F.pub, "--signature", F.path("r.sig"), "--schema",
                             F.schema, "--sensor", "9.9", F.good)[0], 2)

    def test_standard_input_needs_signature(self):
        self.assertEqual(self.sign("-o", F.path("s.sig"))[0], 0)
        with open(F.good, "rb") as fh:
            data = fh.read()
        self.assertEqual(run("verify", "--pubkey", F.pub, "-", input_bytes=data)[0], 2)
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("s.sig"),
                           "--stdin-name", "piped.bin", "-", input_bytes=data)
        self.assertEqual(code, 0)
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", F.path("s.sig"),
                           "--stdin-name", "piped.bin", "-", input_bytes=data[:-1])
        self.assertEqual(code, 1)
        self.assertIn("piped.bin: error: CG852", out)

    def test_unreadable_inputs_are_usage_errors(self):
        for args in (["--pubkey", F.path("none.pub"), F.good],
                     ["--pubkey", F.pub, "--signature", F.path("none.sig"), F.good],
                     ["--pubkey", F.pub, "--signature", F.pub, F.path("none.bin")]):
            code, out, err = run("verify", *args)
            self.assertEqual((code, out), (2, ""), args)
            self.assertEqual(len(err.strip().split("\n")), 1)

    def test_a_public_key_that_is_not_one_is_cg850(self):
        self.assertEqual(self.sign("-o", F.path("k.sig"))[0], 0)
        code, out, _ = run("verify", "--pubkey", F.key, "--signature", F.path("k.sig"), F.good)
        self.assertEqual(code, 1)
        self.assertIn("error: CG850 public key is not in minisign's format", out)

    def test_a_2_gib_file_is_refused_without_being_read(self):
        big = F.path("big.bin")
        with open(big, "wb") as fh:
            fh.truncate(2 << 30)
        sig = F.path("k2.sig")
        self.assertEqual(self.sign("-o", sig)[0], 0)
        status, rss = child_max_rss_kib([BIN, "verify", "--pubkey", F.pub, "--signature", sig, big])
        self.assertEqual(status, 2)
        self.assertLess(rss, 256 * 1024)
        code, _, err = run("verify", "--pubkey", F.pub, "--signature", sig, big)
        self.assertIn("refused unread", err)
        status, rss = child_max_rss_kib([BIN, "verify", "--pubkey", F.pub, "--signature", sig,
                                         "--schema", F.schema, big])
        self.assertEqual(status, 1)
        self.assertLess(rss, 256 * 1024)
        code, out, _ = run("verify", "--pubkey", F.pub, "--signature", sig, "--schema", F.schema, big)
        self.assertRegex(out, r"big\.bin:offset 16: error: CG106 ")
        os.unlink(big)

    def test_encrypted_key_needs_its_password(self):
        pub, key = F.path("enc.pub"), F.path("enc.key")
        code, _, err = run("keygen", "-p", pub, "-s", key, env={"CONTENTGATE_KEY_PASSWORD": PASSWORD})
        self.assertEqual(code, 0, err)
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        sig = F.path("enc.sig")
        base = ["sign", "--schema", F.schema, "--key", key, "-o", sig, F.good]
        self.assertEqual(run(*base)[0], 2)  # no password, no terminal
        code, _, err = run(*base, env={"CONTENTGATE_KEY_PASSWORD": "wrong"})
        self.assertEqual(code, 2)
        self.assertIn("wrong password", err)
        self.assertFalse(os.path.exists(sig))
        code, _, err = run(*base, env={"CONTENTGATE_KEY_PASSWORD": PASSWORD})
        self.assertEqual(code, 0, err)
        self.assertEqual(run("verify", "--pubkey", pub, "--signature", sig, F.good)[0], 0)


class InteropTest(unittest.TestCase):
    """minisign 0.11 and contentgate verify each other's signatures, with
    keys from either tool, encrypted or not, prehashed and legacy."""

    def minisign_sign(self, key, sig, legacy=False, password=None):
        argv = ["minisign", "-S", "-s", key, "-t", COMMENT, "-m", F.good, "-x", sig]
        if legacy:
            argv.insert(2, "-l")
        if password is None:
            p = subprocess.run(argv + ["-W"], capture_output=True, text=True, timeout=600)
            self.assertEqual(p.returncode, 0, p.stderr)
        else:
            code, out = run_pty(argv, [password])
            self.assertEqual(code, 0, out)

    def minisign_verify(self, pub, sig):
        p = subprocess.run(["minisign", "-V", "-p", pub, "-m", F.good, "-x", sig],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("Trusted comment: " + COMMENT, p.stdout)

    def contentgate_verify(self, pub, sig):
        code, out, _ = run("verify", "--pubkey", pub, "--signature", sig, F.good)
        self.assertEqual(code, 0, out)

    def test_unencrypted_keys_of_both_tools(self):
        mpub, mkey = F.path("m.pub"), F.path("m.key")
        p = subprocess.run(["minisign", "-G", "-W", "-p", mpub, "-s", mkey], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        for pub, key, name in ((mpub, mkey, "m"), (F.pub, F.key, "c")):
            for legacy in (False, True):
                sig = F.path(f"{name}-{legacy}.minisig")
                self.minisign_sign(key, sig, legacy=legacy)
                self.contentgate_verify(pub, sig)
            sig = F.path(f"{name}-cg.minisig")
            code, _, err = run("sign", "--schema", F.schema, "--key", key, "-o", sig, F.good)
            self.assertEqual(code, 0, err)
            self.minisign_verify(pub, sig)
        # Legacy signatures really are legacy ("Ed"), prehashed ones "ED".
        for legacy, algorithm in ((True, b"Ed"), (False, b"ED")):
            with open(F.path(f"m-{legacy}.minisig")) as fh:
                self.assertEqual(base64.b64decode(fh.read().split("\n")[1])[:2], algorithm)

    @unittest.skipUnless(HAVE_PTY, NO_PTY)
    def test_encrypted_minisign_key(self):
        pub, key = F.path("me.pub"), F.path("me.key")
        code, out = run_pty(["minisign", "-G", "-p", pub, "-s", key], [PASSWORD, PASSWORD])
        self.assertEqual(code, 0, out)
        sig = F.path("me.minisig")
        self.minisign_sign(key, sig, password=PASSWORD)
        self.contentgate_verify(pub, sig)
        # contentgate sign asks for the password without echo on a terminal.
        sig = F.path("me-cg.minisig")
        code, out = run_pty([BIN, "sign", "--schema", F.schema, "--key", key, "-o", sig, F.good],
                            [PASSWORD])
        self.assertEqual(code, 0, out)
        self.assertNotIn(PASSWORD, out)
        self.minisign_verify(pub, sig)

    @unittest.skipUnless(HAVE_PTY, NO_PTY)
    def test_encrypted_contentgate_key(self):
        pub, key = F.path("ce.pub"), F.path("ce.key")
        code, _, err = run("keygen", "-p", pub, "-s", key, env={"CONTENTGATE_KEY_PASSWORD": PASSWORD})
        self.assertEqual(code, 0, err)
        sig = F.path("ce.minisig")
        self.minisign_sign(key, sig, password=PASSWORD)
        self.contentgate_verify(pub, sig)


def main():
    global BIN, ROOT, F
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--only", choices=["interop"])
    args, rest = ap.parse_known_args()
    BIN, ROOT = os.path.abspath(args.bin), os.path.abspath(args.root)
    if args.only == "interop" and shutil.which("minisign") is None:
        print("SKIP: the interoperability tests need Debian's minisign (apt-get install minisign)")
        return SKIP
    F = Fixture()
    try:
        loader = unittest.TestLoader()
        suite = (loader.loadTestsFromTestCase(InteropTest) if args.only == "interop" else
                 unittest.TestSuite([loader.loadTestsFromTestCase(KeygenTest),
                                     loader.loadTestsFromTestCase(SignVerifyTest)]))
        result = unittest.TextTestRunner(verbosity=2).run(suite)
        return 0 if result.wasSuccessful() else 1
    finally:
        F.close()


if __name__ == "__main__":
    sys.exit(main())
