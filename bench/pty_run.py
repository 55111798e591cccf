#!/usr/bin/env python3
"""Runs a program in a pseudo-terminal of a given size and measures it from
outside, as an operator's SSH session would see it: bytes it writes to the
terminal, CPU it uses, its peak RSS, and how long until a text appears.

  pty_run.py --size 200x50 [--wait TEXT] [--append SRC:DST] [--idle SECS]
             [--timeout SECS] -- PROGRAM ARGS...

--wait TEXT     seconds from start (or from --append) until the bytes
                that put TEXT on the screen were read (the screen kept by
                pyte, a terminal emulator: a frame writes only the cells
                that changed, so a text can be on screen without ever
                being written whole); pyte's own time is not counted
--append S:D    once the first frame is out, append file S to file D, then
                time until --wait's TEXT appears
--idle SECS     after the first frame (and --wait), measure SECS seconds:
                bytes/s written and CPU % used
Prints one JSON object.
"""
import argparse, fcntl, json, os, pty, select, shutil, signal, struct, sys, termios, time

import pyte  # pip install pyte (bench/run.sh installs it)

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks

def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="200x50")
    ap.add_argument("--wait")
    ap.add_argument("--append")
    ap.add_argument("--idle", type=float, default=0)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    cols, rows = (int(x) for x in a.size.split("x"))
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out = {"bytes": 0}
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    total = 0
    def on_screen(want):
        return any(want in line for line in screen.display)
    seen_at = None
    def pump(until, want=None):
        """Reads until `until` (or until `want` is on screen: then `seen_at`
        is when the bytes that put it there were read). Whatever is waiting
        is read before any of it is fed to pyte: pyte takes ~6 ms to feed
        and ~8 ms to scan per 4 KiB the pty hands out, and a frame read a
        piece at a time would be timed at the speed of this script, not of
        the program (a real terminal parses 20 KB in well under 1 ms)."""
        nonlocal total, seen_at
        while time.monotonic() < until:
            r, _, _ = select.select([fd], [], [], 0.05)
            if not r:
                continue
            chunks, got = [], 0
            while r and got < (1 << 20):
                try:
                    chunk = os.read(fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                read_at = time.monotonic()
                r, _, _ = select.select([fd], [], [], 0)
            for chunk in chunks:
                total += len(chunk)
                stream.feed(chunk)
            if want is not None and chunks and on_screen(want):
                seen_at = read_at
                return True
            if not chunk:
                return False
        return want is None
    if a.wait and not a.append:
        # From start until the text is on screen (a first frame with it).
        ok = pump(start + a.timeout, a.wait)
        out["wait_s"] = round(seen_at - start, 3) if ok else None
    # The first frame, whole.
    pump(time.monotonic() + 1.5)
    out["first_frame_bytes"] = total
    t0 = time.monotonic()
    if a.append:
        src, dst = a.append.split(":", 1)
        t0 = time.monotonic()
        with open(src, "rb") as s, open(dst, "ab") as d:
            shutil.copyfileobj(s, d, 1 << 20)
        out["appended_in_s"] = round(time.monotonic() - t0, 3)
    if a.wait and a.append:
        ok = pump(t0 + a.timeout, a.wait)
        out["wait_s"] = round(seen_at - t0, 3) if ok else None
    if a.idle:
        b0, c0, t1 = total, cpu_seconds(pid), time.monotonic()
        pump(t1 + a.idle)
        dt = time.monotonic() - t1
        out["idle_bytes_per_s"] = round((total - b0) / dt, 1)
        out["idle_cpu_percent"] = round(100 * (cpu_seconds(pid) - c0) / dt, 2)
    out["peak_rss_mib"] = round(peak_rss_kib(pid) / 1024, 1)
    out["bytes"] = total
    os.kill(pid, signal.SIGTERM)
    try:
        pump(time.monotonic() + 2)
    finally:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    print(json.dumps(out))

if __name__ == "__main__":
    main()
