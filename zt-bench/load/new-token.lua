-- wrk script: every request carries the next token of the file named by ZT_TOKENS (one token per line), so each
-- request is zt's first sight of its token. Threads take disjoint slices; done() reports whether any thread ran out
-- and started over ("wrapped"), which would mean some requests repeated a token. Each thread formats its requests
-- once, in init(): per request the script only picks the next string, so that the load generator's own work stays
-- as small as for a fixed header.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local step = tonumber(os.getenv("ZT_THREADS") or "2")
  requests = {}
  local n = 0
  for line in io.lines(os.getenv("ZT_TOKENS")) do
    if n % step == id then
      requests[#requests + 1] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. line })
    end
    n = n + 1
  end
  i = 0
  wrapped = 0
end

function request()
  i = i + 1
  if i > #requests then
    i = 1
    wrapped = wrapped + 1
  end
  return requests[i]
end

function done(summary, latency, counts)
  local w = 0
  for _, t in ipairs(threads) do
    w = w + t:get("wrapped")
  end
  io.write(string.format("wrapped %d\n", w))
end
