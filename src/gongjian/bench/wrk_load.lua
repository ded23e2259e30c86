-- wrk script of gongjian bench's load scenario. The plan file (wrk's first argument after --) holds one
-- "<Cookie header value><TAB><path>" per line: each request takes the next line, so the sessions and the pages
-- rotate; each thread starts at its own place. Any answer but 2xx is an error, as are socket errors.
-- Report: one line "GONGJIAN <req/s> <p50 us> <p95 us> <non-2xx> <socket errors> <requests>".
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  plan = {}
  for line in io.lines(args[1]) do
    local cookie, path = line:match("^([^\t]+)\t(%S+)$")
    plan[#plan + 1] = wrk.format("GET", path, { ["Cookie"] = cookie })
  end
  n = (id * 7919) % #plan
  non2xx = 0
end

function request()
  n = n % #plan + 1
  return plan[n]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("GONGJIAN %.2f %d %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), bad, socket, summary.requests))
end
