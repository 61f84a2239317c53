#!/usr/bin/env node
/*
 * `npm start`: the product in live mode (apps/api/dist/cli/start.js), or the demo with its embedded sandboxes
 * (apps/demo/dist/demo-main.js) when nothing real is configured (no DATABASE_URL and no .env) or MLC_MODE=demo.
 * Deciding here keeps the product's own entry free of the demo and the sandboxes.
 */
const { isDemoMode } = require('../apps/api/dist/cli/demo-mode');

if (isDemoMode(process.env)) require('../apps/demo/dist/demo-main');
else void require('../apps/api/dist/cli/start').startProduct();
