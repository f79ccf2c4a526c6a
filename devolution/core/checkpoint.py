"""The audit chain's head, kept where the database cannot rewrite it (ADR 2).

A small JSON file names the newest event the chain had at a commit, its id and hash,
signed with the audit key. Someone who can rewrite the database but not this file or the
key cannot delete the newest events, nor rebuild the chain after an edit, unseen.

The file only moves forward: it is replaced atomically (a new file renamed over it) under
an exclusive lock, so several processes committing at once leave the newest head, never
a torn file or an older head.
"""

import fcntl
import hashlib
import hmac
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    hash: str


class CheckpointInvalid(Exception):
    """The file cannot be read as a checkpoint signed with this key."""


def write_atomically(path: Path, body: bytes) -> None:
    """Write `body` to `path` whole or not at all: to a file beside it, flushed to disk,
    then put in its place, so a reader (or a crash) never finds half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _signature(key: str, event_id: int, event_hash: str) -> str:
    message = f"devolution-audit-checkpoint:{event_id}:{event_hash}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def checkpoint_read(path: Path, key: str) -> Checkpoint | None:
    """The checkpoint at `path`, or None when there is none yet."""
    try:
        data = json.loads(path.read_text())
        checkpoint = Checkpoint(int(data["event_id"]), str(data["hash"]))
        signature = str(data["signature"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckpointInvalid("it cannot be read") from exc
    expected = _signature(key, checkpoint.event_id, checkpoint.hash)
    if not hmac.compare_digest(signature, expected):
        raise CheckpointInvalid("its signature is not valid")
    return checkpoint


def checkpoint_advance(
    path: Path, key: str, head: Checkpoint, *, still_holds: Callable[[Checkpoint], bool]
) -> bool:
    """Record `head` unless the file already names it or a newer event.

    The head the file names now must still be in the chain (`still_holds`): if it is not,
    the newest events were deleted, and moving on would erase that evidence, so the file
    is left as it is. Returns whether the file was written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = checkpoint_read(path, key)
        except CheckpointInvalid as exc:
            log.error("The audit checkpoint %s is not advanced: %s.", path, exc)
            return False
        if current is not None:
            if current.event_id >= head.event_id:
                return False
            if not still_holds(current):
                log.error(
                    "The audit checkpoint %s is not advanced: event %s, which it names, is "
                    "no longer in the audit chain. Run `devolution audit verify`; if the "
                    "database was replaced on purpose, remove the checkpoint file.",
                    path,
                    current.event_id,
                )
                return False
        body = json.dumps(
            {
                "event_id": head.event_id,
                "hash": head.hash,
                "signature": _signature(key, head.event_id, head.hash),
            }
        )
        write_atomically(path, body.encode())
        return True
