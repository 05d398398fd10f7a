"""Record a workload under the LD_PRELOAD shim, then build power-loss crash states from the log.

Model (ALICE / CrashMonkey style, deliberately harsher than ext4's ordered mode):

* Files are inodes; names in the archive folder point at inodes.
* For each inode, the content at its last ``fsync``/``fdatasync`` before the crash point is
  durable. Each later write (up to the crash point) is independently kept, dropped, or torn
  (only a prefix up to a 512-byte sector boundary inside it reaches the disk); each later
  ``ftruncate`` is kept or dropped. Bytes outside a write's range never change (SQLite's
  "powersafe overwrite" assumption, which holds on every disk with 512-byte atomic sectors).
* Each folder's entries as of its last directory ``fsync`` are durable. Each later create,
  mkdir, rename and unlink in it independently did or did not happen (in log order; a
  rename that happened brings the renamed inode under the new name). A file or folder whose
  parent folder's own entry did not survive is gone with it. The recorded root folder itself
  existed (durably) before the workload started.

``Recording.state(k, rng, mode)`` materialises one crash state for a crash just before log
record ``k``. Modes: ``random`` (the model above), ``all`` (every write kept: what a kill -9
at that point leaves), ``none`` (only what was fsynced), ``torn`` (every unsynced write torn
at a random sector boundary inside it, or dropped if it has none). ``ignore_fsync=True`` is the control:
it treats every fsync as if it had not happened, which must lose acknowledged data.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHIM_SOURCE = HERE / "plshim.c"

OPEN, WRITE, TRUNC, FSYNC, FDATASYNC, RENAME, UNLINK, CLOSE, MARK, TRUNCPATH, MKDIR = range(1, 12)
NAMES = {OPEN: "open", WRITE: "write", TRUNC: "ftruncate", FSYNC: "fsync", FDATASYNC: "fdatasync",
         RENAME: "rename", UNLINK: "unlink", CLOSE: "close", MARK: "mark", TRUNCPATH: "truncate",
         MKDIR: "mkdir"}
_HDR = struct.Struct("<BiqqII")
SECTOR = 512
O_CREAT, O_TRUNC, O_ACCMODE = os.O_CREAT, os.O_TRUNC, os.O_ACCMODE


def compiler() -> str | None:
    for cc in ("cc", "gcc", "clang"):
        if shutil.which(cc):
            return cc
    return None


def build_shim(out_dir: Path) -> Path:
    cc = compiler()
    if cc is None:
        raise FileNotFoundError("no C compiler (cc/gcc/clang)")
    out = out_dir / "plshim.so"
    subprocess.run([cc, "-shared", "-fPIC", "-O2", "-Wall", "-o", str(out), str(SHIM_SOURCE), "-ldl", "-lpthread"],
                   check=True, capture_output=True, text=True)
    return out


@dataclass(frozen=True, slots=True)
class Op:
    kind: int
    fd: int
    a: int  # open: flags; write: offset (-1 = append); truncate: length
    p1: bytes  # path or data
    p2: bytes  # second path (rename)

    def describe(self, fdname: str = "") -> str:
        name = NAMES[self.kind]
        if self.kind == WRITE:
            return f"write {fdname} @{self.a} +{len(self.p1)}"
        if self.kind in (TRUNC, TRUNCPATH):
            return f"{name} {fdname or self.p1.decode(errors='replace')} to {self.a}"
        if self.kind in (FSYNC, FDATASYNC, CLOSE):
            return f"{name} {fdname}"
        if self.kind == RENAME:
            return f"rename {Path(self.p1.decode()).name} -> {Path(self.p2.decode()).name}"
        if self.kind == MARK:
            return f"driver printed {self.p1.decode(errors='replace').strip()!r}"
        return f"{name} {Path(self.p1.decode()).name or '.'}"


def read_log(path: Path) -> list[Op]:
    data = path.read_bytes()
    ops, i = [], 0
    while i < len(data):
        kind, fd, a, _b, l1, l2 = _HDR.unpack_from(data, i)
        i += _HDR.size
        p1 = data[i : i + l1]
        i += l1
        p2 = data[i : i + l2]
        i += l2
        ops.append(Op(kind, fd, a, p1, p2))
    if i != len(data):
        raise ValueError("truncated log")
    return ops


@dataclass(eq=False)
class _Inode:
    durable: bytes
    volatile: bytearray
    pending: list[tuple[str, int, bytes | int]] = field(default_factory=list)


def _apply_write(buf: bytearray, off: int, data: bytes) -> None:
    if off > len(buf):
        buf.extend(b"\0" * (off - len(buf)))
    buf[off : off + len(data)] = data


def _apply_trunc(buf: bytearray, length: int) -> None:
    if length < len(buf):
        del buf[length:]
    else:
        buf.extend(b"\0" * (length - len(buf)))


def _parent(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


def _ancestors(name: str) -> list[str]:
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


@dataclass
class CrashState:
    k: int
    files: dict[str, bytes]  # relative path -> content
    marks: list[str]
    summary: str
    dirs: frozenset[str] = frozenset()  # sub-folders that exist (relative paths)

    @property
    def acked(self) -> int:
        return max([int(m.split()[1]) for m in self.marks if m.startswith("ACK ")], default=0)

    def saw(self, line: str) -> bool:
        return any(m == line or m.startswith(line + " ") for m in self.marks)

    def digest(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        for d in sorted(self.dirs):
            h.update(b"dir " + d.encode() + b"\0")
        return h.hexdigest()

    def materialise(self, folder: Path) -> Path:
        folder.mkdir(mode=0o700)
        for d in sorted(self.dirs):
            (folder / d).mkdir(mode=0o700)
        for name, content in self.files.items():
            p = folder / name
            p.write_bytes(content)
            p.chmod(0o600)
        return folder


class Recording:
    """A recorded workload: the folder's files before it started, and the op log."""

    def __init__(self, root: Path, initial: dict[str, bytes], ops: list[Op], stdout: str,
                 initial_dirs: frozenset[str] = frozenset()):
        self.root = str(root)
        self.initial = initial
        self.initial_dirs = initial_dirs
        self.ops = ops
        self.stdout = stdout

    # -------------------------------------------------------------- helpers
    def _name(self, raw: bytes) -> str | None:
        path = raw.decode().rstrip("/")
        if path == self.root:
            return ""
        if not path.startswith(self.root + "/"):
            return None  # e.g. a rename from outside the folder
        name = path[len(self.root) + 1 :]
        if any(part in ("", ".", "..") for part in name.split("/")):
            raise ValueError(f"unnormalised path {name!r}")
        return name

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for op in self.ops:
            out[NAMES[op.kind]] = out.get(NAMES[op.kind], 0) + 1
        return out

    def interesting_points(self) -> list[int]:
        """Crash points just before and after every sync, rename, unlink, truncate, create and
        driver line: the places where ordering bugs live."""
        pts: set[int] = set()
        for i, op in enumerate(self.ops):
            if op.kind in (FSYNC, FDATASYNC, RENAME, UNLINK, TRUNC, TRUNCPATH, MARK, MKDIR) or (op.kind == OPEN and op.a & O_CREAT):
                pts.update((i, i + 1))
        return sorted(pts)

    def pick_point(self, rng: random.Random) -> int:
        if rng.random() < 0.5:
            return rng.randint(0, len(self.ops))
        return rng.choice(self.interesting_points())

    # -------------------------------------------------------------- replay
    def state(self, k: int, rng: random.Random, mode: str = "random", *, ignore_fsync: bool = False) -> CrashState:
        """The folder after power is lost just before record ``k`` (``k == len(ops)``: after all)."""
        inodes: dict[str, _Inode] = {n: _Inode(c, bytearray(c)) for n, c in self.initial.items()}
        ns: dict[str, _Inode] = dict(inodes)  # what the running program saw
        dirs: set[str] = {"", *self.initial_dirs}
        durable_ns: dict[str, _Inode] = dict(inodes)  # as of each folder's last fsync
        durable_dirs: set[str] = set(dirs)
        # (kind, name, new name, inode, folder holding the entry)
        dir_pending: list[tuple[str, str, str, _Inode | None, str]] = []
        fds: dict[int, _Inode | str] = {}  # str = a folder (relative path; "" = the root)
        marks: list[str] = []

        def apply(entries: dict[str, _Inode], folders: set[str], change: tuple[str, str, str, _Inode | None, str]) -> None:
            kind, a, b, node, _ = change
            if kind == "create":
                entries[a] = node  # type: ignore[assignment]
            elif kind == "mkdir":
                folders.add(a)
            elif kind == "rename":
                if entries.get(a) is node:
                    del entries[a]
                entries[b] = node  # type: ignore[assignment]
            else:
                entries.pop(a, None)

        for op in self.ops[:k]:
            if op.kind == OPEN:
                name = self._name(op.p1)
                if name is None:
                    continue
                if name in dirs:
                    fds[op.fd] = name
                    continue
                node = ns.get(name)
                if node is None:
                    if not op.a & O_CREAT:
                        raise ValueError(f"open of missing {name} succeeded")
                    node = _Inode(b"", bytearray())
                    ns[name] = node
                    dir_pending.append(("create", name, "", node, _parent(name)))
                elif op.a & O_TRUNC and op.a & O_ACCMODE != os.O_RDONLY:
                    node.pending.append(("t", 0, 0))
                    _apply_trunc(node.volatile, 0)
                fds[op.fd] = node
            elif op.kind == MKDIR:
                name = self._name(op.p1)
                if name:
                    dirs.add(name)
                    dir_pending.append(("mkdir", name, "", None, _parent(name)))
            elif op.kind == CLOSE:
                fds.pop(op.fd, None)
            elif op.kind == WRITE:
                node = fds[op.fd]
                assert isinstance(node, _Inode)
                off = len(node.volatile) if op.a < 0 else op.a
                node.pending.append(("w", off, op.p1))
                _apply_write(node.volatile, off, op.p1)
            elif op.kind in (TRUNC, TRUNCPATH):
                if op.kind == TRUNC:
                    node = fds[op.fd]
                else:
                    name = self._name(op.p1)
                    node = ns[name] if name else None
                assert isinstance(node, _Inode)
                node.pending.append(("t", op.a, 0))
                _apply_trunc(node.volatile, op.a)
            elif op.kind in (FSYNC, FDATASYNC):
                if ignore_fsync:
                    continue
                node = fds[op.fd]
                if isinstance(node, _Inode):
                    node.durable = bytes(node.volatile)
                    node.pending.clear()
                else:  # a folder: every change to its entries so far is durable
                    for change in [c for c in dir_pending if c[4] == node]:
                        apply(durable_ns, durable_dirs, change)
                    dir_pending = [c for c in dir_pending if c[4] != node]
            elif op.kind == RENAME:
                src, dst = self._name(op.p1), self._name(op.p2)
                if not src or not dst or _parent(src) != _parent(dst):
                    raise ValueError("only renames inside one recorded folder are modelled")
                node = ns.pop(src)
                ns[dst] = node
                dir_pending.append(("rename", src, dst, node, _parent(src)))
            elif op.kind == UNLINK:
                name = self._name(op.p1)
                if name:
                    ns.pop(name, None)
                    dir_pending.append(("unlink", name, "", None, _parent(name)))
            elif op.kind == MARK:
                marks += [line.strip() for line in op.p1.decode(errors="replace").splitlines() if line.strip()]
        # ---- the crash: pick what reached the disk
        # A fixed r per mode: "all" keeps every write and truncate, "none" drops both, "torn"
        # tears every write (keeping its truncates and folder changes); "random" draws each.
        fixed_r = {"all": 0.0, "none": 0.7, "torn": 0.9}.get(mode)
        names = dict(durable_ns)
        folders = set(durable_dirs)
        dir_done = dir_dropped = 0
        for change in dir_pending:
            happened = rng.random() < 0.5 if fixed_r is None else mode != "none"
            if not happened:
                dir_dropped += 1
                continue
            dir_done += 1
            apply(names, folders, change)
        # an entry survives only if every folder above it does
        folders = {d for d in folders if all(x in folders for x in _ancestors(d))}
        names = {n: node for n, node in names.items() if all(x in folders for x in _ancestors(n))}
        kept = dropped = torn = 0
        contents: dict[int, bytes] = {}
        for node in {id(n): n for n in names.values()}.values():
            buf = bytearray(node.durable)
            for kind, off, data in node.pending:
                r = rng.random() if fixed_r is None else fixed_r
                if kind == "t":
                    if r < 0.6 or mode == "torn":
                        _apply_trunc(buf, off)
                        kept += 1
                    else:
                        dropped += 1
                    continue
                assert isinstance(data, bytes)
                if r < 0.45:
                    _apply_write(buf, off, data)
                    kept += 1
                elif r < 0.8:
                    dropped += 1
                else:
                    cuts = [c for c in range((off // SECTOR + 1) * SECTOR, off + len(data), SECTOR)]
                    if cuts:
                        _apply_write(buf, off, data[: rng.choice(cuts) - off])
                        torn += 1
                    else:
                        dropped += 1
            contents[id(node)] = bytes(buf)
        files = {name: contents[id(node)] for name, node in names.items()}
        folders.discard("")
        last = self.ops[k - 1].describe() if k else "start"
        summary = (f"crash before record {k}/{len(self.ops)} (after: {last}); mode {mode}"
                   f"{', fsyncs ignored' if ignore_fsync else ''}; writes kept {kept}, dropped {dropped}, "
                   f"torn {torn}; folder changes done {dir_done}, lost {dir_dropped}; files {sorted(files)}")
        return CrashState(k, files, marks, summary, frozenset(folders))


def record(shim: Path, template: Path, folder: Path, log: Path, argv: list[str], env: dict[str, str],
           *, strace_out: Path | None = None) -> Recording:
    """Copy ``template`` to ``folder``, run ``argv`` under the shim (and strace, if asked)."""
    shutil.copytree(template, folder)
    folder = folder.resolve()
    initial = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    initial_dirs = frozenset(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir())
    full_env = dict(env, PL_DIR=str(folder), PL_LOG=str(log), LD_PRELOAD=str(shim))
    cmd = [a.replace("{}", str(folder)) for a in argv]  # "{}" stands for the folder
    if strace_out is not None:
        cmd = ["strace", "-f", "-y", "-qq", "-o", str(strace_out),
               "-e", "trace=openat,open,creat,write,pwrite64,writev,pwritev,pwritev2,ftruncate,truncate,"
                     "fsync,fdatasync,sync_file_range,fallocate,rename,renameat,renameat2,unlink,unlinkat,"
                     "mkdir,mkdirat,sendfile,sendfile64,copy_file_range,splice,mmap,msync",
               *cmd]
    proc = subprocess.run(cmd, env=full_env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"workload failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return Recording(folder, initial, read_log(log), proc.stdout, initial_dirs)


def strace_counts(strace_out: Path, folder: Path) -> dict[str, int]:
    """Successful calls per syscall that named a path or fd under ``folder`` (strace -y)."""
    root = str(folder.resolve())
    counts: dict[str, int] = {}
    for line in strace_out.read_text(errors="replace").splitlines():
        if root not in line or "= -1" in line or "resumed>" in line:
            continue
        call = line.split(None, 1)[1].split("(", 1)[0] if line[:1].isdigit() else line.split("(", 1)[0]
        if call in ("sendfile", "sendfile64", "copy_file_range") and line.rstrip().endswith("= 0"):
            continue  # end of file: copied nothing (the shim logs only bytes that moved)
        counts[call] = counts.get(call, 0) + 1
    return counts


__all__ = ["CrashState", "Op", "Recording", "build_shim", "compiler", "read_log", "record", "strace_counts"]

if __name__ == "__main__":  # debugging aid: python replay.py LOG
    for i, op in enumerate(read_log(Path(sys.argv[1]))):
        print(i, op.describe(str(op.fd)))
