/** The consoles registered with a hub: registered by an admin once, authenticated at every connection, revocable. */
export { createSeats, type SeatAuthentication, type SeatPresence, type Seats } from './seats';
