// What GET /api/v1/reports/figures answers per department or period: a plain type, read by the
// server and by the console's figures screen alike.

/** The counts behind the "three rates" (三率) and the volumes around them, for one department or one period. */
export interface Figures {
  key: string;
  departmentName?: string | null;
  /** Complaints registered (by their current lead department). */
  registered: number;
  /** Dispatches received (派单). */
  received: number;
  /** Accepted or returned with an accept clock running, and how many before its deadline. */
  responded: number;
  respondedOnTime: number;
  accepted: number;
  returns: number;
  /** Resolved with a committed deadline, and how many by it. */
  resolved: number;
  resolvedOnTime: number;
  ratings: number;
  satisfied: number;
  extensions: number;
  reopenings: number;
  /** Follow-up calls urging a ticket (催办). */
  repeatCalls: number;
  /** 响应率, 按时办结率, 满意率: null when there was nothing to count. */
  responseRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}
