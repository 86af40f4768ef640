-- wrk script for bench/flood: one user creating tasks as fast as it can.
wrk.method = "POST"
wrk.body = '{"title":"flood"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer --TOKEN--"
