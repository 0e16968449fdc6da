import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, DatabaseLockedError } from "./pglite-lock";

const freshDir = () => mkdtempSync(join(tmpdir(), "tollgate-lock-"));

describe("PGlite folder lock", () => {
  it("refuses a second opener while another live process holds it", async () => {
    const dir = freshDir();
    const holder = spawn(process.execPath, ["-e", `require("fs").writeFileSync(${JSON.stringify(join(dir, "tollgate.lock"))}, String(process.pid)); setTimeout(() => {}, 30000)`]);
    try {
      // Wait for the holder to write its lock: a busy machine can take well over 300 ms to start node.
      const lock = join(dir, "tollgate.lock");
      for (let waited = 0; !(existsSync(lock) && readFileSync(lock, "utf8")) && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(() => acquireDataDirLock(dir)).toThrow(DatabaseLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by another process \\(pid ${holder.pid}\\)`));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("refuses a second open in the same process too", () => {
    const dir = freshDir();
    const release = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DatabaseLockedError);
    release();
    acquireDataDirLock(dir)();
  });

  it("takes over a stale lock left by a dead process, and releases it", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "tollgate.lock"), "999999999");
    const release = acquireDataDirLock(dir);
    expect(existsSync(join(dir, "tollgate.lock"))).toBe(true);
    release();
    expect(existsSync(join(dir, "tollgate.lock"))).toBe(false);
  });
});
