// The stylesheets of the pages the console can open on, with the shared ones (main.tsx), so they are
// in the page from its first frame (vite.config.ts's stylesInPage writes them into index.html):
// - the wall's: its early paint (first-paint-wall.ts) lays the wall out before the wall's own chunk
//   is loaded;
// - those of the console's own chunk (console-main.tsx's components and the pages it loads at once):
//   otherwise fetched with the console's code after the board is painted, restyling the page then.
//   The build fails if that chunk brings a stylesheet of its own.
// In the order they came in before (the console's chunk after the shared styles).
import '../pages/wall/wall.css';
import '../components/version-conflict.css';
import '../pages/alerts/alerts.css';
import '../pages/board/board.css';
