-- wrk script for every workload of the harness; bench/wrk.py sets the environment.
--   BENCH_MODE   get | post | writes | mixed
--   BENCH_PATH   the path of `get` and `post`; BENCH_BODY the JSON body of `post`
--   BENCH_TOKEN  sent as `Authorization: Token ...` when set
--   BENCH_SLUG   the article `mixed` reads; BENCH_NONCE keeps titles unique across runs
--   BENCH_LAG    how many creates back an update or delete reaches, more than the
--                requests in flight, so it never races the create it depends on
-- done() prints one line, `BENCHJSON {...}`, that bench/wrk.py reads.

local mode = os.getenv("BENCH_MODE") or "get"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local slug = os.getenv("BENCH_SLUG") or ""
local nonce = os.getenv("BENCH_NONCE") or "0"
local lag = tonumber(os.getenv("BENCH_LAG") or "200")

local json_headers = { ["Content-Type"] = "application/json" }
local auth_headers = { ["Content-Type"] = "application/json" }
if token and token ~= "" then
  auth_headers["Authorization"] = "Token " .. token
end

if mode == "get" then
  wrk.method = "GET"
  wrk.path = path
  wrk.headers = auth_headers
elseif mode == "post" then
  wrk.method = "POST"
  wrk.path = path
  wrk.headers = auth_headers
  wrk.body = body
end

local counter = 0
local created = 0

local function title(n)
  return "bench-" .. nonce .. "-" .. n
end

local function create()
  created = created + 1
  local payload = '{"article":{"title":"' .. title(created) ..
    '","description":"written by the benchmark","body":"' .. string.rep("Lorem ipsum dolor sit amet. ", 20) ..
    '","tagList":["bench","python"]}}'
  return wrk.format("POST", "/api/articles", auth_headers, payload)
end

local function update()
  local target = created - lag
  if target < 1 then
    return create()
  end
  local payload = '{"article":{"description":"updated by the benchmark"}}'
  return wrk.format("PUT", "/api/articles/" .. title(target), auth_headers, payload)
end

local function delete()
  local target = created - 2 * lag
  if target < 1 then
    return create()
  end
  return wrk.format("DELETE", "/api/articles/" .. title(target), auth_headers, nil)
end

-- writes: create, update, delete in turn.
local writes = { create, update, delete }

-- mixed, per 20 requests: 10 get article, 5 list, 2 feed, 1 create, 1 update, 1 delete
-- (85 % reads, 15 % writes).
local function get_article()
  return wrk.format("GET", "/api/articles/" .. slug, json_headers, nil)
end
local function list()
  return wrk.format("GET", "/api/articles?limit=20", json_headers, nil)
end
local function feed()
  return wrk.format("GET", "/api/articles/feed?limit=20", auth_headers, nil)
end
local mixed = {
  get_article, list, get_article, create, get_article, list, feed, get_article, list, update,
  get_article, list, get_article, feed, get_article, list, get_article, delete, get_article, get_article,
}

if mode == "writes" then
  request = function()
    counter = counter + 1
    return writes[(counter - 1) % #writes + 1]()
  end
elseif mode == "mixed" then
  request = function()
    counter = counter + 1
    return mixed[(counter - 1) % #mixed + 1]()
  end
end

local marks = { 1, 5, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.99 }

done = function(summary, latency, requests)
  local errors = summary.errors
  local parts = {}
  for _, p in ipairs(marks) do
    parts[#parts + 1] = string.format('"%g":%d', p, latency:percentile(p))
  end
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"max":%d,"mean":%.1f,"stdev":%.1f,"percentiles":{%s}}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.min, latency.max, latency.mean, latency.stdev, table.concat(parts, ",")))
end
