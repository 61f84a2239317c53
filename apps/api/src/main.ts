import { loadConfigOrExit, runServer } from './cli/run';

/** Entry point: `node apps/api/dist/main.js` with ROLE=api|worker|all (default all). */
void runServer(loadConfigOrExit());
