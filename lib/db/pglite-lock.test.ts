import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processStartTime } from "../os/process-identity";
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

  it("takes over a lock whose pid now belongs to another process (a pid reused after a crash)", () => {
    const dir = freshDir();
    // This very process is alive, but it did not start at tick 1 after boot: not the lock's owner.
    writeFileSync(join(dir, "tollgate.lock"), `${process.pid} 1`);
    const release = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, "tollgate.lock"), "utf8")).toBe(`${process.pid} ${processStartTime()}`);
    release();
  });

  it("takes over a lock held by a zombie (a killed holder its parent has not reaped)", async () => {
    const dir = freshDir();
    const lock = join(dir, "tollgate.lock");
    // The holder writes its pid and start time; its parent (sh, replaced by sleep) never reaps it, so killed it stays a zombie.
    const script = `const t=require("fs").readFileSync("/proc/self/stat","utf8"); require("fs").writeFileSync(${JSON.stringify(lock)}, process.pid + " " + t.slice(t.lastIndexOf(")")+2).split(" ")[19]); setTimeout(() => {}, 30000)`;
    const parent = spawn("sh", ["-c", `"${process.execPath}" -e '${script}' & exec sleep 30`]);
    try {
      for (let waited = 0; !(existsSync(lock) && readFileSync(lock, "utf8")) && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(() => acquireDataDirLock(dir)).toThrow(DatabaseLockedError);
      const holder = Number.parseInt(readFileSync(lock, "utf8"), 10);
      process.kill(holder, "SIGKILL");
      const stat = () => readFileSync(`/proc/${holder}/stat`, "utf8");
      for (let waited = 0; !stat().includes(") Z ") && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(stat()).toContain(") Z ");
      acquireDataDirLock(dir)();
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
