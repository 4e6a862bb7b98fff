-- wrk script for every workload of the harness; bench/wrk.py sets the environment.
--   BENCH_MODE   get | post | writes | mixed
--   BENCH_PATH   the path of `get` and `post`; BENCH_BODY the JSON body of `post`
--   BENCH_TOKEN  sent as `Authorization: Token ...` when set
--   BENCH_SLUG   the article `mixed` reads; BENCH_NONCE keeps titles unique across runs
--   BENCH_LAG    how many requests an update waits after its create (and a delete after
--                its update): more than can be in flight, so it never races them
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
-- Titles wait in these queues, with the request number that created or updated them,
-- until `lag` requests later: by then the request they depend on has completed.
local to_update, to_delete = {}, {}

local function title(n)
  return "bench-" .. nonce .. "-" .. n
end

local function create()
  created = created + 1
  to_update[#to_update + 1] = { title(created), counter }
  local payload = '{"article":{"title":"' .. title(created) ..
    '","description":"written by the benchmark","body":"' .. string.rep("Lorem ipsum dolor sit amet. ", 20) ..
    '","tagList":["bench","python"]}}'
  return wrk.format("POST", "/api/articles", auth_headers, payload)
end

local function ready(queue)
  local head = queue[1]
  if head and counter - head[2] > lag then
    table.remove(queue, 1)
    return head[1]
  end
  return nil
end

local function update()
  local target = ready(to_update)
  if not target then
    return create()
  end
  to_delete[#to_delete + 1] = { target, counter }
  local payload = '{"article":{"description":"updated by the benchmark"}}'
  return wrk.format("PUT", "/api/articles/" .. target, auth_headers, payload)
end

local function delete()
  local target = ready(to_delete)
  if not target then
    return create()
  end
  return wrk.format("DELETE", "/api/articles/" .. target, auth_headers, nil)
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

-- wrk calls request() once more than it sends, first: that call must have no side effect,
-- or the first article would be counted as created and its update would answer 404.
local function first()
  return wrk.format("GET", "/api/bench/json", json_headers, nil)
end

if mode == "writes" then
  request = function()
    counter = counter + 1
    if counter == 1 then
      return first()
    end
    return writes[(counter - 2) % #writes + 1]()
  end
elseif mode == "mixed" then
  request = function()
    counter = counter + 1
    if counter == 1 then
      return first()
    end
    return mixed[(counter - 2) % #mixed + 1]()
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
