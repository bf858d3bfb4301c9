/** Runs the action; kept apart from main.ts so tests can import main without running it. */
import { main } from './main.js';

void main();
