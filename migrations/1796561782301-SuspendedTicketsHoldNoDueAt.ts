import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A suspended ticket holds no due_at: its clock is paused, and resume sets the new deadline from
 * the time that was left (suspended_remaining). Tickets suspended before that rule kept the paused
 * deadline, which callers were then told in SMS status replies (overdue, once it passed) and staff
 * saw on the ticket as the committed deadline.
 */
export class SuspendedTicketsHoldNoDueAt1796561782301 implements MigrationInterface {
  name = 'SuspendedTicketsHoldNoDueAt1796561782301';

  async up(q: QueryRunner): Promise<void> {
    // version and updated_at stay: no writer writes due_at back from a form, and Open311 already
    // showed these tickets with no expected_datetime, so nothing anyone polls for has changed
    await q.query("UPDATE \"ticket\" SET \"due_at\" = NULL WHERE \"status\" = 'suspended' AND \"due_at\" IS NOT NULL");
  }

  async down(): Promise<void> {
    // Nothing to undo: the paused deadlines were not true and are not kept. Code from before this
    // migration reads a null due_at as "no deadline", and resume sets the new one either way.
  }
}
