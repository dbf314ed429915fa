/**
 * A temporary file that bytes are appended to and read back from, to keep them out of memory:
 * removed from its folder as soon as it is made (it lives while it is open, so nothing is left
 * behind however the process ends) and closed when the object holding it is collected. It is made
 * in $TMPDIR when set, else in /var/tmp where there is one (on disk, where /tmp may be a tmpfs
 * held in memory), else in the system's temporary folder.
 */
import { closeSync, existsSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed with the process
  }
});

export class SpillFile {
  private size = 0;
  private scratch = Buffer.allocUnsafe(0);

  private closed = false;

  private constructor(private readonly fd: number) {
    closer.register(this, fd, this);
  }

  /** A new, empty spill file; null when none can be made (no such folder, no room, or one whose
   * open files cannot be removed): keep the bytes in memory. */
  static open(dir: string = spillDir()): SpillFile | null {
    const path = join(dir, `.fazhi-spill-${process.pid}-${randomBytes(6).toString("hex")}`);
    let fd: number;
    try {
      fd = openSync(path, "wx+", 0o600);
    } catch {
      return null;
    }
    try {
      unlinkSync(path);
    } catch {
      closeSync(fd);
      return null;
    }
    return new SpillFile(fd);
  }

  /** Appends `bytes`: where they start in the file, or null when they could not be written (a full disk). */
  append(bytes: Uint8Array): number | null {
    // (a closed file's number may already be another file's)
    if (this.closed) return null;
    const at = this.size;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    } catch {
      return null;
    }
    this.size = at + bytes.length;
    return at;
  }

  /** The `length` bytes written at `at`, in a buffer reused by the next read (a new Buffer for
   * each read of a unit's records left ≈ 30 MB of them for the collector at size 1, while
   * results.json was written). */
  read(at: number, length: number): Buffer {
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(length, 2 * this.scratch.length));
    const out = this.scratch.subarray(0, length);
    this.readInto(at, out);
    return out;
  }

  /** Fills `into` with the bytes written at `at` (its own buffer: several can be read from in turn). */
  readInto(at: number, into: Uint8Array): void {
    if (this.closed) throw new Error("spill file: read after close");
    for (let done = 0; done < into.length; ) {
      const n = readSync(this.fd, into, done, into.length - done, at + done);
      if (n === 0) throw new Error(`spill file: ${into.length} bytes at ${at} asked, ${done} there`);
      done += n;
    }
  }

  /** Closes the file now (its space given back), rather than when this object is collected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closer.unregister(this);
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

function spillDir(): string {
  if (process.env.TMPDIR) return tmpdir();
  return process.platform !== "win32" && existsSync("/var/tmp") ? "/var/tmp" : tmpdir();
}
