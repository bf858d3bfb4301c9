/** The action's entry point: runs `main`, which never throws (failures go to core.setFailed). */
import { main } from './main.js';

void main();
