/** One job per deadline row; the payload is the id only, the row is the truth. */
export const DEADLINE_DUE_JOB = 'deadline-due';
export interface DeadlineDuePayload {
  deadlineId: string;
}
/** Deterministic, `:`-free: re-arming a row never creates a second live job for it. */
export const deadlineJobId = (deadlineId: string) => `dl-${deadlineId}`;

/** A long-delayed marker job: when it is gone, the queue backend lost its data (Redis FLUSHALL). */
export const EPOCH_MARKER_JOB = 'epoch-marker';
export const EPOCH_MARKER_ID = 'deadline-epoch-marker';
