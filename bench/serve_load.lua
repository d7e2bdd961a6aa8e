-- wrk script for bench/serve_load.sh: each request is the next line of the file named by the
-- environment variable PATHS_FILE (one URL path a line), cycling; each thread starts at a
-- different offset so the threads do not ask the same query at the same time.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  paths[#paths + 1] = line
end
assert(#paths > 0, "no query paths in " .. tostring(os.getenv("PATHS_FILE")))

local counter = 0
local threads = 0

function setup(thread)
  thread:set("counter", threads * 97)
  threads = threads + 1
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
