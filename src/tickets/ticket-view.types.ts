// The shapes of a ticket's clock and history as the API answers them: plain types, read by the
// server and by the console (src/console/web) alike, so the two cannot drift apart.

export interface ClockView {
  stage: string;
  dueAt: string;
  /** green: before the warning point; yellow: warned; red: past the deadline. */
  light: 'green' | 'yellow' | 'red';
  /** When the light turns yellow (the stage's pending warning), so a client can relight it on its own clock; null once warned or without a warning. */
  warnAt: string | null;
  remaining: { businessMinutes: number; wallMinutes: number };
}

export interface EventView {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorId: string | null;
  actorRole: string | null;
  /** The actor's display name, so a timeline says who without a user look-up (which only admins may do). */
  actorName: string | null;
  reasonCode: string | null;
  note: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}
