-- A new query string on every request (?page=<run>-<thread>-<n>: a parameter the
-- dashboard reads, so part of its cache key, and ignored while no section is shown
-- whole), so the dashboard is never one kept for its reader: each request builds
-- it, as after a change. Argument: a token naming this run.
local count = 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
end

function init(args)
  run = args[1]
  n = 0
end

function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?page=" .. run .. "-" .. id .. "-" .. n)
end

-- bench/run.py runs wrk in bench/.
dofile("report.lua")
