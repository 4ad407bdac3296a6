-- wrk script: POST /reports/new as the report form sends it (multipart, one JPEG), each
-- request by the next signed-in bench person, at the next pre-generated place.
--
--   wrk -t2 -c8 -d10s -s bench/reports_submit.lua http://127.0.0.1:PORT/reports/new \
--       -- DATA.lua RUN_TAG FIRST_PLACE
--
-- DATA.lua (written by bench/reports_http.py) returns a table:
--   origin  "https://host:port" (the TLS proxy's scheme: Django checks Origin against it)
--   boundary, photo (the photos part with the JPEG), people = {{cookie=, head=, address=}, ...}
--   places = {"...lat, lng, address, ward, category, description parts and the end...", ...}
-- Body of a request: person.head .. idempotency key .. photo .. place.
-- RUN_TAG keeps the keys of the warm-up and the measured run apart; FIRST_PLACE makes the
-- measured run start after the places the warm-up used (a second report at the same place
-- would find the first nearby and go to the draft page).

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

-- Per-thread state (each thread has its own Lua state; done() reads it with thread:get).
local data, tag, first, nthreads
sent, drafts, other, s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0, 0, 0, 0
statuses = ""  -- "code:count,..." for anything not 302 (a string copies across states)
local counts = {}
local n = 0

function init(args)
   data = dofile(args[1])
   tag = args[2] or "run"
   first = tonumber(args[3] or "0")
   nthreads = tonumber(args[4] or "2")
   -- Keys must be unique across threads, runs and processes: thread id + counter + run tag.
   math.randomseed(os.time() + id * 7919)
   tag = tag .. "-" .. id .. "-" .. string.format("%06x", math.random(0, 0xffffff))
end

function request()
   local person = data.people[(n * nthreads + id) % #data.people + 1]
   local place = data.places[(first + n * nthreads + id) % #data.places + 1]
   local key = tag .. "-" .. n
   n = n + 1
   local body = person.head .. key .. data.photo .. place
   local headers = {
      ["Content-Type"] = "multipart/form-data; boundary=" .. data.boundary,
      ["Cookie"] = person.cookie,
      ["Origin"] = data.origin,
      ["Referer"] = data.origin .. "/reports/new",
      ["X-Forwarded-Proto"] = "https",
      ["X-Forwarded-For"] = person.address,
   }
   return wrk.format("POST", nil, headers, body)
end

-- Anything but a 302 to the new report or to a draft, by status (and where a 302 went).
local function note(what)
   other = other + 1
   counts[what] = (counts[what] or 0) + 1
   local parts = {}
   for name, count in pairs(counts) do
      table.insert(parts, name .. ":" .. count)
   end
   statuses = table.concat(parts, ",")
end

function response(status, headers, body)
   if status == 302 then
      local location = headers["Location"] or headers["location"] or ""
      if string.find(location, "/drafts/", 1, true) then
         drafts = drafts + 1  -- a similar open report nearby: the person checks it first
      elseif string.find(location, "/reports/[%x%-]+/$") then
         sent = sent + 1  -- to the new report's page
      else
         note("302 to " .. string.gsub(location, '["\\]', ""))  -- sign-in page…
      end
   else
      note(tostring(status))
   end
   if status >= 500 then
      s5xx = s5xx + 1
   elseif status >= 400 then
      s4xx = s4xx + 1
   elseif status >= 300 then
      s3xx = s3xx + 1
   else
      s2xx = s2xx + 1
   end
end

-- One JSON line for bench/reports_http.py: wrk's own totals and latency (microseconds) and
-- the threads' counters.
function done(summary, latency, requests)
   local t = {sent = 0, drafts = 0, other = 0, s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0}
   local all = {}
   for _, thread in ipairs(threads) do
      for name, _ in pairs(t) do
         t[name] = t[name] + (thread:get(name) or 0)
      end
      local s = thread:get("statuses")
      if s and s ~= "" then
         table.insert(all, s)
      end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"sent":%d,"drafts":%d,"other":%d,"s2xx":%d,"s3xx":%d,"s4xx":%d,"s5xx":%d,' ..
      '"statuses":"%s","p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      t.sent, t.drafts, t.other, t.s2xx, t.s3xx, t.s4xx, t.s5xx,
      table.concat(all, ";"),
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, latency.mean))
end
