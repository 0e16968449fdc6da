// Is the process that wrote a lock or a journal still the one running under its pid? A pid alone is
// not enough: after a crash and a restart (a container, a reboot) the pid is often reused by another
// process, and a killed child the parent has not reaped is a zombie that signal 0 still finds. On
// Linux the start time (in clock ticks since boot, /proc/<pid>/stat field 22) tells them apart.
import { readFileSync } from "node:fs";

type Stat = { state: string; startTime: string };

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return null;
  }
}

const hasProc = (() => {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
})();

/** This process's start time where the system tells it (Linux), else null. */
export function processStartTime(pid = process.pid): string | null {
  return hasProc ? (readStat(pid)?.startTime ?? null) : null;
}

/** True when `pid` runs, is no zombie, and (when the start time is known) is the process that started then. */
export function isLiveProcess(pid: number, startTime: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (hasProc) {
    const stat = readStat(pid);
    if (!stat || stat.state === "Z" || stat.state === "X") return false;
    return !startTime || stat.startTime === startTime;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
