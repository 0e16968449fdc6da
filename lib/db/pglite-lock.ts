// An exclusive lock on the PGlite data folder. Two processes that open the same folder corrupt it
// for good, with no error at open, so every opener (the server, db:migrate, db:seed, any script)
// takes this lock first and a second opener is refused with a clear message.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { isLiveProcess, processStartTime } from "../os/process-identity";

export class DatabaseLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another process (pid ${holderPid}).\n` +
        "Only one process may open it at a time: stop the running Tollgate server (or script) first,\n" +
        "or set DATABASE_URL to use PostgreSQL, which serves any number of processes.",
    );
    this.name = "DatabaseLockedError";
  }
}

// The lock file holds "<pid> <start time>": a pid reused by another process after a crash, or a
// zombie, is not a live owner (lib/os/process-identity.ts), so a restart right after a crash opens.
const holderOf = (text: string) => {
  const [pid, startTime] = text.trim().split(/\s+/);
  return { pid: Number.parseInt(pid, 10), startTime: startTime ?? null };
};

/** Takes the lock or throws DatabaseLockedError. Returns a release function. */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, "tollgate.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, "wx", 0o600);
      const self = `${process.pid} ${processStartTime() ?? ""}`.trim();
      writeSync(fd, self);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockFile, "utf8").trim() === self) rmSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = holderOf(readFileSync(lockFile, "utf8"));
      // The holder may be this very process: opening the folder twice in one process corrupts it too.
      if (isLiveProcess(holder.pid, holder.startTime)) {
        throw new DatabaseLockedError(dataDir, holder.pid);
      }
      // The holder died without releasing (SIGKILL, crash): the lock is stale.
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${lockFile}`);
}
