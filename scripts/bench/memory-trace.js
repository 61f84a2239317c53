/*
 * Opt-in memory trace of the exporter process, preloaded by scripts/bench-export.js with `--require` when
 * BENCH_EXPORT_MEMORY_TRACE names a file (never loaded by the product on its own).
 *
 * Every BENCH_EXPORT_MEMORY_TRACE_MS (default 100) ms it appends one JSON line to that file:
 *   { t: ms since start, rss, heapTotal, heapUsed, external, arrayBuffers: MB (process.memoryUsage()),
 *     old / new / large / newLarge / code: MB used of V8's old, new, large-object, young large-object and code spaces
 *     (v8.getHeapSpaceStatistics), gc: cumulative collections by kind (minor = scavenge, major = mark-compact,
 *     incremental, weak callbacks) and their total pause ms (perf_hooks 'gc' entries) }
 * so RSS can be split into V8 heap (by space) and memory outside it (Buffers, sockets' and streams' arrayBuffers,
 * malloc). Writes synchronously (appendFileSync: a line every 100 ms is negligible next to a batch) so the last
 * samples survive a SIGTERM. Errors writing the file stop the trace, never the product.
 *
 * BENCH_EXPORT_HEAP_SAMPLING=<file.heapprofile> (optional, with BENCH_EXPORT_HEAP_SAMPLING_MS, default 30000) also runs
 * V8's sampling heap profiler (inspector `HeapProfiler.startSampling`, one sample per 32 KiB allocated) from start-up
 * for that many ms and writes the profile (Chrome DevTools' .heapprofile JSON: a call tree whose nodes' selfSize is
 * the sampled bytes allocated there). With `includeObjectsCollectedByMajorGC` the profile keeps what survived the
 * scavenges (promoted into old space: retained, or garbage left for a mark-compact) and drops only what died young,
 * which is what names the allocations that grow old space between two mark-compacts.
 */
const { appendFileSync } = require('node:fs');
const v8 = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const file = process.env.BENCH_EXPORT_MEMORY_TRACE;
if (file) {
  const everyMs = Number(process.env.BENCH_EXPORT_MEMORY_TRACE_MS ?? 100);
  const t0 = Date.now();
  const mb = (n) => Math.round((n / 1048576) * 10) / 10;
  // Cumulative collections by kind (scavenges = minor, mark-compacts = major) and their pause ms.
  const gc = { minor: 0, major: 0, incremental: 0, weak: 0, ms: 0 };
  const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = kinds[e.detail?.kind];
      if (kind) gc[kind] += 1;
      gc.ms += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]));
    const line = { t: Date.now() - t0, rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), old: spaces.old_space, new: spaces.new_space, large: spaces.large_object_space, newLarge: spaces.new_large_object_space, code: spaces.code_space, gc: { ...gc, ms: Math.round(gc.ms) } };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      clearInterval(timer);
    }
  }, everyMs);
  timer.unref();
}

const heapSampling = process.env.BENCH_EXPORT_HEAP_SAMPLING;
if (heapSampling) {
  const { Session } = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  setTimeout(() => {
    session.post('HeapProfiler.stopSampling', (err, result) => {
      if (!err) writeFileSync(heapSampling, JSON.stringify(result.profile));
      session.disconnect();
    });
  }, Number(process.env.BENCH_EXPORT_HEAP_SAMPLING_MS ?? 30_000)).unref();
}
