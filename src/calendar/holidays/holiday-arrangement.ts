/**
 * One year's official holiday arrangement, kept as data with the document it comes from.
 * `holidays` lists every day of each holiday block as announced (weekend days inside a
 * block included, so a reader can check the block against the notice); `makeupWorkdays`
 * lists the weekend days announced as working days (调休上班).
 */
export interface HolidayArrangement {
  year: number;
  /** Official document name and URL. */
  source: string;
  holidays: string[];
  makeupWorkdays: string[];
}
