-- wrk script: every request carries the next token of the file named by ZT_TOKENS (one token per line), so each
-- request is zt's first sight of its token. Threads take disjoint slices; done() reports whether any thread ran out
-- and started over ("wrapped"), which would mean some requests repeated a token.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("ZT_TOKENS")) do
    tokens[#tokens + 1] = line
  end
  step = tonumber(os.getenv("ZT_THREADS") or "2")
  i = id + 1
  wrapped = 0
end

function request()
  local t = tokens[i]
  i = i + step
  if i > #tokens then
    i = id + 1
    wrapped = wrapped + 1
  end
  return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. t })
end

function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do
    w = w + t:get("wrapped")
  end
  io.write(string.format("wrapped %d\n", w))
end
