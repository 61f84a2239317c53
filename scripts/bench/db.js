/*
 * Database and queue resets shared by `npm run bench` (scripts/bench.js) and its export part (scripts/bench-export.js).
 */
const { Client } = require('pg');

/** Drops and creates the database `name` on the local PostgreSQL (trust auth, user postgres). */
async function recreateDatabase(name) {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

/** Deletes every Redis key under `prefix:` (the BullMQ queues and rate budgets of one run). */
async function clearQueues(prefix) {
  const { Redis } = require('ioredis');
  const redis = new Redis('redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

module.exports = { recreateDatabase, clearQueues };
