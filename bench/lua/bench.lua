-- wrk script of `make bench` (bench/wrk.py writes the data file it reads).
-- wrk -s bench/lua/bench.lua URL -- DATA_FILE THREADS
-- The data file returns a list of pages; a page is a list of sequences (one per person), a
-- sequence a list of requests sent in order ({method, path, headers, body}). Each thread takes
-- its share of every page's sequences; request() goes round the pages, within a page round its
-- people, and gives each person their next request. A sequence marked `once` counts every
-- restart from its first request in `wraps` (a quiz form handed in twice is no new attempt).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  table.insert(threads, thread)
end

function init(args)
  local spec = dofile(args[1])
  local nthreads = tonumber(args[2])
  local me = thread_number or 1
  pages = {}
  for _, page in ipairs(spec) do
    local mine = {}
    for s, seq in ipairs(page) do
      if #page < nthreads or (s - 1) % nthreads == (me - 1) % nthreads then
        local formatted = {}
        for _, r in ipairs(seq) do
          table.insert(formatted, wrk.format(r.method, r.path, r.headers, r.body))
        end
        table.insert(mine, {reqs = formatted, pos = 0, once = seq.once})
      end
    end
    table.insert(pages, {seqs = mine, i = 0})
  end
  page_i = 0
  -- wrk calls request() once on the first thread before the run, to look at the request:
  -- that call gets a request without moving anyone on to their next form.
  verifying = (me == 1)
  codes = {}
  wraps = 0
end

function request()
  if verifying then
    verifying = false
    return pages[1].seqs[1].reqs[1]
  end
  page_i = page_i % #pages + 1
  local page = pages[page_i]
  page.i = page.i % #page.seqs + 1
  local seq = page.seqs[page.i]
  if seq.once and seq.pos == #seq.reqs then
    wraps = wraps + 1
  end
  seq.pos = seq.pos % #seq.reqs + 1
  return seq.reqs[seq.pos]
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local all, wrapped = {}, 0
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("codes") or {}) do
      all[code] = (all[code] or 0) + n
    end
    wrapped = wrapped + (t:get("wraps") or 0)
  end
  local parts = {}
  for code, n in pairs(all) do
    table.insert(parts, string.format('"%d": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}, ' ..
    '"codes": {%s}, "wraps": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, table.concat(parts, ", "), wrapped))
end
