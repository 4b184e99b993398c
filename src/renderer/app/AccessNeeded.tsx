import { Problem } from '../components/Problem';

/**
 * Serve mode without a valid session: the page was opened without the printed address's token,
 * with an address from an earlier start, or serve mode restarted since. Nothing else is shown, as
 * there is nothing this page may read.
 */
export function AccessNeeded() {
  return (
    <main className="access-needed" data-testid="access-needed">
      <Problem title="This console needs the address Watchroom printed when it started">
        <p>
          Open the address Watchroom printed when it started (the line “serving the console at …”, including the part after #). An address
          from an earlier start no longer works: each start prints a new one. After that, reloading this page keeps working until Watchroom
          restarts.
        </p>
      </Problem>
    </main>
  );
}
