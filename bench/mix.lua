-- wrk script for bench/mix: 8 users, 80% reads, 20% writes that re-plan. --USERS-- is filled in
-- by bench/mix with each user's token and one of their interviews.
local users = { --USERS-- }
local n = 0

request = function()
  n = n + 1
  local u = users[(n % #users) + 1]
  local headers = { ["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json" }
  local roll = math.random(100)
  if roll <= 40 then
    return wrk.format("GET", "/v1/tasks?limit=50", headers)
  elseif roll <= 80 then
    return wrk.format("GET", "/v1/interviews/" .. u.interview, headers)
  elseif roll <= 90 then
    return wrk.format("POST", "/v1/tasks", headers, '{"title":"bench task"}')
  end
  return wrk.format("PATCH", "/v1/interviews/" .. u.interview, headers, '{"notes":"edit ' .. n .. '"}')
end
