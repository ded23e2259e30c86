-- wrk report for gongjian bench: one line "GONGJIAN <req/s> <p50 us> <p95 us> <errors>"
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("GONGJIAN %.2f %d %d %d\n", summary.requests / seconds,
    latency:percentile(50), latency:percentile(95), errors))
end
