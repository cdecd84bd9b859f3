-- wrk script: each request is a random path from a list, optionally as a random signed-in
-- member, optionally a reply posted the way a browser posts the form.
--
--   wrk -s traffic.lua URL -- PATHS MEMBERS REPLY_SHARE REPLIES ORIGIN
--
-- PATHS: one path per line. MEMBERS: "sessionid csrftoken" per line, or "-" (anonymous).
-- REPLY_SHARE: share of requests that post a reply (0 to 1). REPLIES: "reply_path
-- thread_path" per line, or "-". ORIGIN: scheme://host:port, for the Origin and Referer
-- headers that Django's CSRF check compares with the host.

local paths, members, replies = {}, {}, {}
local reply_share, origin = 0, ""
local counter = 0

local function lines(name)
  local found = {}
  if name and name ~= "-" then
    for line in io.lines(name) do
      if line ~= "" then
        found[#found + 1] = line
      end
    end
  end
  return found
end

local function words(line)
  local found = {}
  for word in line:gmatch("%S+") do
    found[#found + 1] = word
  end
  return found
end

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

function init(args)
  paths = lines(args[1])
  for _, line in ipairs(lines(args[2])) do
    members[#members + 1] = words(line)
  end
  reply_share = tonumber(args[3] or "0")
  for _, line in ipairs(lines(args[4])) do
    replies[#replies + 1] = words(line)
  end
  origin = args[5] or ""
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

local function hex(digits)
  local out = ""
  for _ = 1, digits do
    out = out .. string.format("%x", math.random(0, 15))
  end
  return out
end

-- A fresh version-4 UUID, as the reply form's idempotency_key holds one per form.
local function uuid4()
  return hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" ..
    string.format("%x", math.random(8, 11)) .. hex(3) .. "-" .. hex(12)
end

function request()
  local headers = {}
  local member = nil
  if #members > 0 then
    member = members[math.random(#members)]
    headers["Cookie"] = "sessionid=" .. member[1] .. "; csrftoken=" .. member[2]
  end
  if member and #replies > 0 and math.random() < reply_share then
    local reply = replies[math.random(#replies)]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Origin"] = origin
    headers["Referer"] = origin .. reply[2]
    local body = "csrfmiddlewaretoken=" .. member[2]
      .. "&idempotency_key=" .. uuid4()
      .. "&reply_to=&anchor_chapter=&content_warning="
      .. "&body=A+reply+from+the+benchmark%2C+about+the+chapter+" .. math.random(1, 12)
    return wrk.format("POST", reply[1], headers, body)
  end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
