/**
 * A small 5-field cron parser (minute hour day-of-month month day-of-week) in local time: `*`, lists,
 * ranges, steps (`*\/5`, `1-10/2`), month and weekday names, 7 as Sunday. Day-of-month and day-of-week
 * combine with OR when both are restricted, as in Vixie cron.
 */
type Field = { values: Set<number>; restricted: boolean };

const NAMES: Record<string, string[]> = {
  month: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  weekday: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};

const parseField = (text: string, min: number, max: number, names?: string[], offset = 0): Field => {
  const values = new Set<number>();
  const toNumber = (token: string): number => {
    const named = names?.indexOf(token.toLowerCase()) ?? -1;
    const value = named >= 0 ? named + offset : Number(token);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`"${token}" is out of range ${min}-${max}`);
    return value;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in "${part}"`);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a, b] = range!.split('-');
      from = toNumber(a!);
      to = b === undefined ? (stepText === undefined ? from : max) : toNumber(b);
    }
    if (from > to) throw new Error(`bad range "${part}"`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return { values, restricted: text !== '*' };
};

export type CronSchedule = { next: (after: Date) => Date };

export const parseCron = (pattern: string): CronSchedule => {
  const parts = pattern.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`Cron pattern "${pattern}" must have 5 fields`);
  const [minute, hour, day, month, weekday] = [
    parseField(parts[0]!, 0, 59),
    parseField(parts[1]!, 0, 23),
    parseField(parts[2]!, 1, 31),
    parseField(parts[3]!, 1, 12, NAMES.month, 1),
    parseField(parts[4]!, 0, 7, NAMES.weekday),
  ];
  if (weekday.values.has(7)) weekday.values.add(0);
  const dayMatches = (date: Date) => {
    const byDay = day.values.has(date.getDate());
    const byWeekday = weekday.values.has(date.getDay());
    if (day.restricted && weekday.restricted) return byDay || byWeekday;
    return (!day.restricted || byDay) && (!weekday.restricted || byWeekday);
  };
  return {
    next: (after) => {
      const date = new Date(after.getTime());
      date.setSeconds(0, 0);
      date.setMinutes(date.getMinutes() + 1);
      // Four years of minutes covers every satisfiable pattern (Feb 29 included).
      for (let guard = 0; guard < 4 * 366 * 24 * 60; guard++) {
        if (!month.values.has(date.getMonth() + 1)) {
          date.setMonth(date.getMonth() + 1, 1);
          date.setHours(0, 0);
        } else if (!dayMatches(date)) {
          date.setDate(date.getDate() + 1);
          date.setHours(0, 0);
        } else if (!hour.values.has(date.getHours())) {
          date.setHours(date.getHours() + 1, 0);
        } else if (!minute.values.has(date.getMinutes())) {
          date.setMinutes(date.getMinutes() + 1);
        } else {
          return date;
        }
      }
      throw new Error(`Cron pattern "${pattern}" never matches`);
    },
  };
};
