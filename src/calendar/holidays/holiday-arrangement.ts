/**
 * One year's official holiday arrangement, kept as data with the document it comes from.
 * `holidays` lists every day of each holiday block as announced (weekend days inside a
 * block included, so a reader can check the block against the notice); `makeupWorkdays`
 * lists the weekend days announced as working days (调休上班); `names` gives each of those
 * days the festival it belongs to, for people reading the calendar.
 */
export interface HolidayArrangement {
  year: number;
  /** Official document name and URL. */
  source: string;
  /** Set while the year's official notice is not out: what the days are based on instead. */
  provisional?: string;
  holidays: string[];
  makeupWorkdays: string[];
  /** Date → the festival (元旦, 春节 …) whose days off or make-up working day it is. */
  names: Record<string, string>;
}

/** One festival's block as the notice announces it: its days off and the weekend days worked for it. */
export interface FestivalBlock {
  name: string;
  holidays: string[];
  makeupWorkdays?: string[];
}

/** An arrangement written festival by festival, as the notice is. */
export function arrangement(a: Omit<HolidayArrangement, 'holidays' | 'makeupWorkdays' | 'names'> & { festivals: FestivalBlock[] }): HolidayArrangement {
  const { festivals, ...rest } = a;
  const names: Record<string, string> = {};
  for (const f of festivals) for (const d of [...f.holidays, ...(f.makeupWorkdays ?? [])]) names[d] = f.name;
  return {
    ...rest,
    holidays: festivals.flatMap((f) => f.holidays),
    makeupWorkdays: festivals.flatMap((f) => f.makeupWorkdays ?? []).sort(),
    names,
  };
}
