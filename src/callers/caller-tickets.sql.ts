/**
 * SQL for the tickets a caller is on — as the caller of record, or linked to it by a merge — as
 * two index lookups joined by UNION (idx_ticket_caller_id_status, idx_ticket_linked_caller_ids).
 * Written as `caller_id = x OR linked_caller_ids @> ARRAY[x]` under `ORDER BY created_at DESC
 * LIMIT n`, it let the planner walk idx_ticket_created_at backwards through every ticket and
 * filter: bench:sms measured 3.3 ms of database CPU per status text with only 4,400 tickets, and
 * it grows with the table. `callerId` is an SQL expression; `where` filters both branches.
 */
export function callerTicketsSql(callerId: string, columns: string, where: string): string {
  return `SELECT ${columns} FROM ticket WHERE caller_id = ${callerId} AND ${where}
          UNION
          SELECT ${columns} FROM ticket WHERE linked_caller_ids @> ARRAY[${callerId}] AND ${where}`;
}
