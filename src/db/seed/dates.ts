/** `days` whole days after (or, negative, before) `from`. */
export function daysFrom(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 86_400_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `day`'s calendar
 * date (taken in UTC) at `time` (HH:MM). Computed from the zone's offset at
 * that moment, so daylight-saving time is respected.
 */
export function zonedTime(day: Date, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const wallClockAsUtc = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes);
  const offset = offsetMinutes(new Date(wallClockAsUtc), timeZone);
  const instant = wallClockAsUtc - offset * 60_000;
  // Near a DST change the offset at the instant may differ from the first guess.
  return new Date(wallClockAsUtc - offsetMinutes(new Date(instant), timeZone) * 60_000);
}

/** The zone's offset from UTC, in minutes, at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}
