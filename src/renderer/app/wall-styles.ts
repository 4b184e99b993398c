// The wall's styles with the shared ones (main.tsx): its early paint (first-paint-wall.ts) lays the
// wall out before the wall's own chunk is loaded.
import '../pages/wall/wall.css';
