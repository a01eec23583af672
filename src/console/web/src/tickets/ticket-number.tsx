import { Link } from 'react-router';

/**
 * A ticket's number, opening its page: the queue, the dispatch desk and the board link every
 * number, so an agent or a supervisor reads the ticket's history before acting, and the browser's
 * back button returns to the list.
 */
export function TicketNumber({ number }: { number: string }) {
  return (
    <Link className="number" to={`/tickets/${encodeURIComponent(number)}`}>
      {number}
    </Link>
  );
}
