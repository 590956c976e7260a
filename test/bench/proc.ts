// What the bench reads of the machine's processes and of its measures, in one place.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second in /proc's CPU times (USER_HZ). */
export const TICKS_PER_SECOND = 100;

/** A running process as /proc/PID/stat gives it. */
export interface ProcessStat {
  pid: number;
  /** Its command's name (`comm`), at most 15 characters. */
  name: string;
  /** Its process group. */
  group: number;
  /** CPU time so far, user and system, in ticks. */
  ticks: number;
}

/** Every process this user can read. */
export function processes(): ProcessStat[] {
  const found: ProcessStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid pgrp …`: the name may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      found.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close), group: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** CPU ticks of the processes that `match`. */
export function ticksOf(match: (process: ProcessStat) => boolean): number {
  return processes()
    .filter(match)
    .reduce((sum, process) => sum + process.ticks, 0);
}

/** The value at quantile `q` (0.5, 0.95 …) of `sorted` (ascending), nearest rank; 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
