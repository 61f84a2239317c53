/*
 * The kills of `npm run chaos`, over the chaos window: a worker SIGKILLed every KILL_MIN–KILL_MAX ms (its slot restarts
 * it; never `steadyWorker`, which lives the whole run so its memory can be measured), the API SIGKILLed API_KILLS times
 * (the first right after the store's webhook log shows a 2xx delivery, i.e. just after intake accepted one), one worker
 * (the steady one) SIGSTOPped past its record lease and then SIGCONTed, and the run's Redis server SIGKILLed once and
 * started again on the same port and append-only dir. `lastKillAt` is the last disruption.
 */
const { sleep, waitForHttp, waitForRedis } = require('./processes');

class Director {
  constructor({ api, workers, steadyWorker, redis, redisPort, apiUrl, bigcommerce, random, knobs }) {
    Object.assign(this, { api, workers, steadyWorker, redis, redisPort, apiUrl, bigcommerce, random, knobs });
    this.isStopping = false;
    this.lastKillAt = undefined;
    this.lastKillWhat = undefined;
    this.events = { workerKills: 0, apiKills: 0, killAfterAccept: undefined, stop: undefined, redisRestart: undefined, notes: [] };
    this.protected = new Set();
  }

  noteKill(what) {
    this.lastKillAt = Date.now();
    this.lastKillWhat = what;
  }

  /** Sleeps `ms` unless the director stops first; true when it slept the whole time. */
  async pause(ms) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.isStopping) return false;
      await sleep(Math.min(100, until - Date.now()));
    }
    return !this.isStopping;
  }

  /** Runs every loop over `durationMs` from now; resolves when all of them are done (or `stop()` was called). */
  run(durationMs) {
    const t0 = Date.now();
    const at = (fraction) => t0 + fraction * durationMs;
    const { apiKills, stopMs } = this.knobs;
    // API kills in the first half (so its last instance lives long enough for the RSS check on long runs).
    const apiTimes = Array.from({ length: apiKills }, (_, i) => at(0.1 + (0.35 * (i + this.random() * 0.8)) / Math.max(1, apiKills))).sort((a, b) => a - b);
    const stopAt = Math.max(t0, Math.min(at(0.2), t0 + durationMs - stopMs - 3000));
    this.done = Promise.all([
      this.killWorkers(),
      this.killApi(apiTimes),
      this.stopOneWorker(stopAt),
      this.restartRedis(at(0.4)),
    ]);
    return this.done;
  }

  stop() {
    this.isStopping = true;
    return this.done;
  }

  async killWorkers() {
    const { killMinMs, killMaxMs } = this.knobs;
    while (await this.pause(killMinMs + this.random() * (killMaxMs - killMinMs))) {
      const candidates = this.workers.filter((w) => w.isUp() && w !== this.steadyWorker && !this.protected.has(w));
      if (!candidates.length) continue;
      const victim = candidates[Math.floor(this.random() * candidates.length)];
      await victim.kill();
      this.events.workerKills += 1;
      this.noteKill(`worker ${victim.name}`);
    }
  }

  async killApi(times) {
    for (const [i, when] of times.entries()) {
      if (!(await this.pause(when - Date.now()))) return;
      if (!(await waitForHttp(`${this.apiUrl}/health`, 30_000))) {
        this.events.notes.push('the API did not come back within 30 s');
        continue;
      }
      if (i === 0) await this.killApiAfterAccept();
      else await this.api.kill();
      this.events.apiKills += 1;
      this.noteKill('API');
    }
  }

  /** SIGKILLs the API as soon as the store's webhook log shows a new delivery answered 2xx (polled every ms). */
  async killApiAfterAccept() {
    let seen = this.bigcommerce.deliveries().length;
    const until = Date.now() + 10_000;
    while (Date.now() < until && !this.isStopping) {
      const log = this.bigcommerce.deliveries();
      for (; seen < log.length; seen += 1) {
        const d = log[seen];
        if (d.status !== null && d.status >= 200 && d.status < 300) {
          await this.api.kill();
          this.events.killAfterAccept = { afterMs: Date.now() - Date.parse(d.at), scope: d.scope };
          return;
        }
      }
      await sleep(1);
    }
    this.events.notes.push('no accepted delivery within 10 s; the API was killed without one');
    await this.api.kill();
  }

  async stopOneWorker(when) {
    if (!(await this.pause(when - Date.now()))) return;
    const victim = this.steadyWorker?.isUp() ? this.steadyWorker : [...this.workers].filter((w) => w.isUp()).sort((a, b) => b.uptimeMs() - a.uptimeMs())[0];
    if (!victim) return;
    this.protected.add(victim);
    const instance = victim.signal('SIGSTOP');
    const stoppedAt = Date.now();
    await sleep(this.knobs.stopMs);
    victim.signal('SIGCONT');
    this.events.stop = { label: instance.label, ms: Date.now() - stoppedAt };
    this.noteKill(`SIGCONT ${instance.label}`);
    await sleep(3000);
    this.protected.delete(victim);
  }

  async restartRedis(when) {
    if (!(await this.pause(when - Date.now()))) return;
    const killedAt = Date.now();
    await this.redis.kill();
    this.noteKill('Redis');
    const ok = await waitForRedis(this.redisPort, 30_000);
    this.events.redisRestart = { ok, downMs: Date.now() - killedAt };
  }
}

module.exports = { Director };
