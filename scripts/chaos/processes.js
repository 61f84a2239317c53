/*
 * Child processes of `npm run chaos`: the API and worker processes (node apps/api/dist/main.js) and the run's own
 * Redis server, each supervised in a named slot (restarted when it exits, whoever killed it), every one stopped by its
 * PID at the end, and the RSS of each process instance sampled every second from /proc.
 */
const { spawn } = require('node:child_process');
const { closeSync, openSync, readFileSync } = require('node:fs');
const { connect, createServer } = require('node:net');
const { join } = require('node:path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on right now (127.0.0.1). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS of a pid in MB, or undefined when it is gone. */
function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * One supervised role (e.g. `api`, `worker-1`, `redis`): `start()` spawns it, and whenever the process exits while the
 * slot is supervised (SIGKILLed by the chaos, or crashed) a new instance is started after `restartDelayMs`. Every
 * instance keeps its pid, start/end time, exit cause and RSS samples for the report.
 */
class Slot {
  constructor(registry, name, spawnArgs, options = {}) {
    this.registry = registry;
    this.name = name;
    this.spawnArgs = spawnArgs;
    this.restartDelayMs = options.restartDelayMs ?? 300;
    this.isSupervised = true;
    this.current = undefined;
    this.instances = [];
    this.killedByUs = 0;
    this.unexpectedExits = [];
    this.ready = Promise.resolve();
  }

  start() {
    const { command, args, env, cwd } = this.spawnArgs();
    const n = this.instances.length + 1;
    const logFile = join(this.registry.logDir, `${this.name}.${n}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const instance = { label: `${this.name}#${n}`, pid: child.pid, child, logFile, startedAt: Date.now(), endedAt: undefined, rss: [], isStopped: false, expectedExit: false };
    instance.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        instance.endedAt = Date.now();
        instance.exit = signal ?? `code ${code}`;
        this.registry.live.delete(child.pid);
        if (!instance.expectedExit) this.unexpectedExits.push(`${instance.label} ${instance.exit}`);
        resolve();
        if (this.isSupervised && !this.registry.isShuttingDown && this.current === instance) {
          setTimeout(() => {
            if (this.isSupervised && !this.registry.isShuttingDown && this.current === instance) this.start();
          }, this.restartDelayMs).unref();
        }
      });
    });
    child.once('error', () => undefined);
    this.registry.live.set(child.pid, instance);
    this.instances.push(instance);
    this.current = instance;
    return instance;
  }

  /** Sends `signal` to the current instance by its pid; SIGKILL marks the exit as ours (the supervisor restarts it). */
  signal(signal) {
    const instance = this.current;
    if (!instance || instance.endedAt !== undefined) return undefined;
    if (signal === 'SIGKILL') {
      instance.expectedExit = true;
      this.killedByUs += 1;
    }
    if (signal === 'SIGSTOP') instance.isStopped = true;
    if (signal === 'SIGCONT') instance.isStopped = false;
    try {
      process.kill(instance.pid, signal);
    } catch {
      // it ended meanwhile
    }
    return instance;
  }

  /** SIGKILLs the current instance and waits until it is gone (the supervisor starts the next one). */
  async kill() {
    const instance = this.signal('SIGKILL');
    if (instance) await instance.exited;
    return instance;
  }

  isUp() {
    return this.current !== undefined && this.current.endedAt === undefined;
  }

  uptimeMs() {
    return this.isUp() ? Date.now() - this.current.startedAt : 0;
  }
}

/** Every process this run started; `stopAll` ends each one by its pid (also on failure and Ctrl+C). */
class ProcessRegistry {
  constructor(logDir) {
    this.logDir = logDir;
    this.live = new Map();
    this.slots = [];
    this.isShuttingDown = false;
    this.sampler = undefined;
  }

  slot(name, spawnArgs, options) {
    const slot = new Slot(this, name, spawnArgs, options);
    this.slots.push(slot);
    return slot;
  }

  /** Samples VmRSS of every live instance once a second. */
  startRssSampling(intervalMs = 1000) {
    this.sampler = setInterval(() => {
      const now = Date.now();
      for (const instance of this.live.values()) {
        const mb = rssMb(instance.pid);
        if (mb !== undefined) instance.rss.push({ at: now, mb });
      }
    }, intervalMs);
    this.sampler.unref();
  }

  instances() {
    return this.slots.flatMap((s) => s.instances);
  }

  /** Stops supervision and SIGKILLs every live child by pid (SIGCONT first, for a stopped one); waits briefly for exits. */
  async stopAll() {
    this.isShuttingDown = true;
    clearInterval(this.sampler);
    const waiting = [];
    for (const instance of [...this.live.values()]) {
      instance.expectedExit = true;
      for (const signal of ['SIGCONT', 'SIGKILL']) {
        try {
          process.kill(instance.pid, signal);
        } catch {
          // already gone
        }
      }
      waiting.push(instance.exited);
    }
    await Promise.race([Promise.all(waiting), sleep(5000)]);
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL whatever is still alive. */
  killAllSync() {
    for (const instance of this.live.values()) {
      try {
        process.kill(instance.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Resolves once a Redis server answers PING with PONG at 127.0.0.1:`port`; false after `timeoutMs`. */
async function waitForRedis(port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      const done = (value) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(1000, () => done(false));
      socket.on('error', () => done(false));
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (d) => {
        answer += d.toString();
        if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
      });
    });
    if (ok) return true;
    await sleep(100);
  }
  return false;
}

/** Resolves once `url` answers 2xx; false after `timeoutMs`. */
async function waitForHttp(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return true;
    await sleep(100);
  }
  return false;
}

/** Median of numbers (undefined for none). */
function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * RSS growth of one instance that lived at least `minLifeMs`: median of its last 20 % of samples against the median of
 * samples 20–40 % (the first 20 % are start-up). Undefined for a shorter life.
 */
function rssGrowth(instance, minLifeMs = 60_000) {
  const life = (instance.endedAt ?? Date.now()) - instance.startedAt;
  const samples = instance.rss.map((s) => s.mb);
  if (life < minLifeMs || samples.length < 10) return undefined;
  const n = samples.length;
  const early = median(samples.slice(Math.floor(n * 0.2), Math.max(Math.floor(n * 0.2) + 1, Math.floor(n * 0.4))));
  const late = median(samples.slice(Math.floor(n * 0.8)));
  return { label: instance.label, lifeS: life / 1000, early, late, growthMb: late - early, growthRatio: early > 0 ? late / early - 1 : 0 };
}

module.exports = { ProcessRegistry, freePort, waitForRedis, waitForHttp, rssGrowth, median, sleep };
