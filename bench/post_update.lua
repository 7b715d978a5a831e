-- Officers posting the update form, each wrk thread to its own share of the actions.
-- Arguments: the pool file ("<action id> <version>" lines), the number of threads,
-- the CSRF token. Each request sends the version the action will have reached, as
-- a form opened just before would: a 409 (someone else saved first) is handled,
-- any other answer but the redirect after saving is an error.
local threads = {}
local count = 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[2])
  csrf = args[3]
  actions, position, statuses = {}, 0, {}
  local index = 0
  for line in io.lines(args[1]) do
    local pk, version = line:match("^(%d+) (%d+)$")
    if pk and index % nthreads == id then
      table.insert(actions, { pk = pk, version = tonumber(version) })
    end
    index = index + 1
  end
end

function request()
  position = position % #actions + 1
  local action = actions[position]
  -- At risk or off track: many actions are past their due date, and the form refuses
  -- "on track" for those.
  local confidence = (action.version % 2 == 0) and "at_risk" or "off_track"
  local body = "csrfmiddlewaretoken=" .. csrf
    .. "&status=in_progress&confidence=" .. confidence
    .. "&narrative=Checked+at+the+monthly+workstream+meeting."
    .. "&public_summary=The+group+checked+progress+this+month.&version=" .. action.version
  action.version = action.version + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/manage/actions/" .. action.pk .. "/update/", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  io.write("BENCH_STATUSES {" .. table.concat(parts, ", ") .. "}\n")
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "status": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
end
