/**
 * The log of `flowhook serve` and `flowhook mock`: pino JSON lines when stdout is a pipe or a file (for a
 * log collector), one readable line per entry on a terminal: `12:00:01.123 INFO  message key=value …`.
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export function cliLogger(level: Level): Logger {
  if (!process.stdout.isTTY) return pino({ level });
  const readable: DestinationStream = {
    write(line: string) {
      process.stdout.write(`${readableLine(line)}\n`);
    },
  };
  return pino({ level }, readable);
}

/** One pino JSON line as a person reads it: clock (UTC), level, message, then the other fields as key=value, strings bare. */
export function readableLine(jsonLine: string): string {
  const { time, level, msg, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(jsonLine) as Record<string, unknown>;
  const label = (pino.levels.labels[Number(level)] ?? String(level)).toUpperCase().padEnd(5);
  const clock = new Date(Number(time)).toISOString().slice(11, 23);
  const extra = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${clock} ${label} ${String(msg)}${extra.length > 0 ? `  ${extra.join(' ')}` : ''}`;
}
