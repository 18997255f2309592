/** Times as the workshop pages say them: durations, a countdown to the end, a clock time. Pure. */

/** `45 s`, `4 min 05 s`, `1 h 12 min`: as precise as a person needs at that length. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(min / 60);
  return `${h} h ${String(min % 60).padStart(2, '0')} min`;
}

/** The banner's line about the end: the time left, rounded to minutes until the last two. */
export function endsInText(endsAt: number, now: number): string {
  const left = endsAt - now;
  if (left <= 0) return 'ends now';
  if (left < 120_000) return `ends in ${formatDuration(left)}`;
  const min = Math.ceil(left / 60_000);
  return min < 60 ? `ends in ${min} min` : `ends in ${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** `14:05` in the reader's own time zone. */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** `Mar 1, 2025, 9:00 AM`: a date and time in the reader's own language and time zone. */
export function dateTime(at: number): string {
  return new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** `2025-03-01T09:00` for an `<input type="datetime-local">`, in the reader's own time zone. */
export function localInputValue(at: number): string {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
