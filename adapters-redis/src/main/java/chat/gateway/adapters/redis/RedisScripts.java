package chat.gateway.adapters.redis;

/**
 * The Lua scripts behind every call (one script, one round trip, atomic in Redis). Each takes the
 * key prefix as {@code ARGV[1]}; the key layout is described in {@code docs/architecture.md},
 * section "Redis: routing and presence keys". Keys are built inside the scripts from the prefix, so
 * the scripts need a single Redis primary (not Redis Cluster sharding).
 */
final class RedisScripts {

  private RedisScripts() {}

  /** Helpers every script starts with. */
  private static final String COMMON =
      """
      if redis.replicate_commands then redis.replicate_commands() end
      local P = ARGV[1]
      local liveCache = {}
      local function live(i)
        local v = liveCache[i]
        if v == nil then
          v = redis.call('EXISTS', P .. 'live:' .. i) == 1
          liveCache[i] = v
        end
        return v
      end
      local function fmt(n) return string.format('%.0f', n) end
      local function split(s, sep)
        local at = string.find(s, sep, 1, true)
        return string.sub(s, 1, at - 1), string.sub(s, at + 1)
      end
      local function nowMicros()
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000000 + tonumber(t[2])
      end
      local function field(h, name)
        for k = 1, #h, 2 do
          if h[k] == name then return h[k + 1] end
        end
        return nil
      end
      local function anyLive(h)
        for k = 1, #h, 2 do
          local f = h[k]
          if string.sub(f, 1, 2) == 'c:' then
            local i = split(string.sub(f, 3), '|')
            if live(i) then return true end
          end
        end
        return false
      end
      local function nextVersion()
        local key = P .. 'presence-version'
        redis.call('SET', key, fmt(nowMicros()), 'NX')
        return redis.call('INCR', key)
      end
      local function unrouted(u)
        if redis.call('EXISTS', P .. 'routes:' .. u) == 0 then
          redis.call('ZREM', P .. 'online', u)
        end
      end
      local function uncount(i, u)
        local key = P .. 'users-of:' .. i
        if redis.call('HINCRBY', key, u, -1) <= 0 then redis.call('HDEL', key, u) end
      end
      local function removeRoutes(i)
        local index = P .. 'routes-of:' .. i
        for _, m in ipairs(redis.call('SMEMBERS', index)) do
          local u, c = split(m, ':')
          redis.call('ZREM', P .. 'routes:' .. u, i .. '|' .. c)
          unrouted(u)
        end
        redis.call('DEL', index, P .. 'users-of:' .. i, P .. 'route-info:' .. i)
      end
      local function liveSessions(u)
        local all = redis.call('ZRANGE', P .. 'routes:' .. u, 0, -1, 'WITHSCORES')
        local out = {}
        if #all == 0 then return out end
        for k = 1, #all, 2 do
          local i, c = split(all[k], '|')
          if live(i) then
            table.insert(out, i)
            table.insert(out, c)
            table.insert(out, all[k + 1])
            table.insert(out, redis.call('HGET', P .. 'route-info:' .. i, u .. ':' .. c) or '')
          end
        end
        return out
      end
      local function forget(u, i, c)
        local key = P .. 'presence:' .. u
        if redis.call('HDEL', key, 'c:' .. i .. '|' .. c) == 0 then return nil end
        local h = redis.call('HGETALL', key)
        if anyLive(h) then return nil end
        local reported = field(h, 'r')
        redis.call('DEL', key)
        redis.call('ZREM', P .. 'visible', u)
        if reported ~= 'OFFLINE' then return nextVersion() end
        return nil
      end
      local function forgetAll(i, out)
        local index = P .. 'presence-of:' .. i
        for _, m in ipairs(redis.call('SMEMBERS', index)) do
          local u, c = split(m, ':')
          local v = forget(u, i, c)
          if v then
            table.insert(out, u)
            table.insert(out, v)
          end
        end
        redis.call('DEL', index)
      end
      local function dropWatch(i, conn)
        local key = P .. 'watch:' .. i .. '|' .. conn
        local h = redis.call('HGETALL', key)
        if #h == 0 then return 0 end
        for k = 1, #h, 2 do
          if h[k] ~= '@' then
            redis.call('HDEL', P .. 'watchers:' .. h[k], i .. '|' .. conn)
          end
        end
        redis.call('DEL', key)
        return 1
      end
      local function dropWatchesOf(i)
        local index = P .. 'watch-of:' .. i
        local n = 0
        for _, conn in ipairs(redis.call('SMEMBERS', index)) do
          n = n + dropWatch(i, conn)
        end
        redis.call('DEL', index)
        return n
      end
      """;

  /** ARGV: prefix, ttl millis. Returns 1 when the instance was not live before. */
  static final String HEARTBEAT =
      COMMON
          + """
          local self = ARGV[2]
          local was = redis.call('EXISTS', P .. 'live:' .. self)
          redis.call('SET', P .. 'live:' .. self, '1', 'PX', ARGV[3])
          redis.call('SADD', P .. 'instances', self)
          return 1 - was
          """;

  /**
   * ARGV: prefix, self, user, connection, maxPerUser, session info ("millis|address|user agent").
   * Returns {0} when self is not live, else {1} followed by the evicted routes as (instance,
   * connection, score in micros) triples.
   */
  static final String ATTACH =
      COMMON
          + """
          local self, u, c, max = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
          if not live(self) then return {0} end
          local key = P .. 'routes:' .. u
          local member = self .. '|' .. c
          if redis.call('ZSCORE', key, member) then return {1} end
          local now = nowMicros()
          local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
          if newest[2] and tonumber(newest[2]) >= now then now = tonumber(newest[2]) + 1 end
          redis.call('ZADD', key, fmt(now), member)
          redis.call('HSET', P .. 'route-info:' .. self, u .. ':' .. c, ARGV[6])
          redis.call('ZADD', P .. 'online', 0, u)
          redis.call('HINCRBY', P .. 'users-of:' .. self, u, 1)
          redis.call('SADD', P .. 'routes-of:' .. self, u .. ':' .. c)
          redis.call('SADD', P .. 'instances', self)
          local all = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
          local alive = {}
          for k = 1, #all, 2 do
            if live((split(all[k], '|'))) then table.insert(alive, k) end
          end
          local out = {1}
          for n = 1, #alive - max do
            local m = all[alive[n]]
            local i, conn = split(m, '|')
            redis.call('ZREM', key, m)
            redis.call('HDEL', P .. 'route-info:' .. i, u .. ':' .. conn)
            uncount(i, u)
            redis.call('SREM', P .. 'routes-of:' .. i, u .. ':' .. conn)
            table.insert(out, i)
            table.insert(out, conn)
            table.insert(out, all[alive[n] + 1])
          end
          return out
          """;

  /** ARGV: prefix, self, user, connection. Returns 1 when it was attached. */
  static final String DETACH =
      COMMON
          + """
          local self, u, c = ARGV[2], ARGV[3], ARGV[4]
          local member = self .. '|' .. c
          redis.call('SREM', P .. 'routes-of:' .. self, u .. ':' .. c)
          if redis.call('ZREM', P .. 'routes:' .. u, member) == 0 then return 0 end
          redis.call('HDEL', P .. 'route-info:' .. self, u .. ':' .. c)
          uncount(self, u)
          unrouted(u)
          return 1
          """;

  /**
   * ARGV: prefix, users... Returns per user, in order, a flat list of its live sessions: (instance,
   * connection, score in micros, session info or '') quadruples, oldest first.
   */
  static final String SESSIONS_OF =
      COMMON
          + """
          local out = {}
          for k = 2, #ARGV do table.insert(out, liveSessions(ARGV[k])) end
          return out
          """;

  /**
   * ARGV: prefix, cursor (a user id or empty), limit. Returns {next cursor or '', {user, sessions
   * as in SESSIONS_OF}...} for the users with live sessions among the next {@code limit} routed.
   */
  static final String ONLINE =
      COMMON
          + """
          local cursor, limit = ARGV[2], tonumber(ARGV[3])
          local from = '-'
          if cursor ~= '' then from = '(' .. cursor end
          local users = redis.call('ZRANGEBYLEX', P .. 'online', from, '+', 'LIMIT', 0, limit + 1)
          local out = {}
          for n = 1, math.min(#users, limit) do
            local sessions = liveSessions(users[n])
            if #sessions > 0 then
              table.insert(out, users[n])
              table.insert(out, sessions)
            end
          end
          local nextCursor = ''
          if #users > limit then nextCursor = users[limit] end
          return {nextCursor, out}
          """;

  /** ARGV: prefix. Returns (instance, connections, users) of every live instance. */
  static final String LOADS =
      COMMON
          + """
          local out = {}
          for _, i in ipairs(redis.call('SMEMBERS', P .. 'instances')) do
            if live(i) then
              table.insert(out, i)
              table.insert(out, redis.call('SCARD', P .. 'routes-of:' .. i))
              table.insert(out, redis.call('HLEN', P .. 'users-of:' .. i))
            end
          end
          return out
          """;

  /** ARGV: prefix, self, user, connection. Returns 1 when attached and self is live. */
  static final String ATTACHED =
      COMMON
          + """
          local self, u, c = ARGV[2], ARGV[3], ARGV[4]
          if not live(self) then return 0 end
          if redis.call('ZSCORE', P .. 'routes:' .. u, self .. '|' .. c) then return 1 end
          return 0
          """;

  /** ARGV: prefix, users... Returns one list of live instances per user, in order. */
  static final String INSTANCES_OF =
      COMMON
          + """
          local out = {}
          for k = 2, #ARGV do
            local seen, list = {}, {}
            for _, m in ipairs(redis.call('ZRANGE', P .. 'routes:' .. ARGV[k], 0, -1)) do
              local i = split(m, '|')
              if not seen[i] and live(i) then
                seen[i] = true
                table.insert(list, i)
              end
            end
            table.insert(out, list)
          end
          return out
          """;

  /** ARGV: prefix. Returns the live instances. */
  static final String LIVE_INSTANCES =
      COMMON
          + """
          local out = {}
          for _, i in ipairs(redis.call('SMEMBERS', P .. 'instances')) do
            if live(i) then table.insert(out, i) end
          end
          return out
          """;

  /** ARGV: prefix. Claims every lapsed instance, removes its routes, returns them. */
  static final String EXPIRE_ROUTES =
      COMMON
          + """
          local out = {}
          for _, i in ipairs(redis.call('SMEMBERS', P .. 'instances')) do
            if not live(i) then
              redis.call('SREM', P .. 'instances', i)
              removeRoutes(i)
              table.insert(out, i)
            end
          end
          return out
          """;

  /** ARGV: prefix, self. Ends self's liveness and removes its routes. */
  static final String LEAVE_ROUTES =
      COMMON
          + """
          local self = ARGV[2]
          redis.call('DEL', P .. 'live:' .. self)
          redis.call('SREM', P .. 'instances', self)
          removeRoutes(self)
          return 1
          """;

  /**
   * ARGV: prefix, self, user, connection. Returns {0} when self is not live, {1} when nothing
   * changed, {1, version} when the user came online.
   */
  static final String CONNECTED =
      COMMON
          + """
          local self, u, c = ARGV[2], ARGV[3], ARGV[4]
          if not live(self) then return {0} end
          local key = P .. 'presence:' .. u
          local f = 'c:' .. self .. '|' .. c
          if redis.call('HEXISTS', key, f) == 1 then return {1} end
          redis.call('SADD', P .. 'presence-of:' .. self, u .. ':' .. c)
          redis.call('SADD', P .. 'presence-instances', self)
          local h = redis.call('HGETALL', key)
          if #h > 0 and anyLive(h) then
            redis.call('HSET', key, f, '1')
            return {1}
          end
          redis.call('DEL', key)
          local v = nextVersion()
          redis.call('HSET', key, 's', 'ONLINE', 'r', 'ONLINE', 'v', fmt(v), f, '1')
          redis.call('ZADD', P .. 'visible', 0, u)
          return {1, v}
          """;

  /** ARGV: prefix, self, user, connection. Returns {version} when the user went offline, {}. */
  static final String DISCONNECTED =
      COMMON
          + """
          local self, u, c = ARGV[2], ARGV[3], ARGV[4]
          redis.call('SREM', P .. 'presence-of:' .. self, u .. ':' .. c)
          local v = forget(u, self, c)
          if v then return {v} end
          return {}
          """;

  /** ARGV: prefix, user, status. Returns {version} when others now see it, else {}. */
  static final String CHOOSE =
      COMMON
          + """
          local u, s = ARGV[2], ARGV[3]
          local key = P .. 'presence:' .. u
          local h = redis.call('HGETALL', key)
          if #h == 0 or not anyLive(h) then return {} end
          if s == 'OFFLINE' then
            redis.call('ZREM', P .. 'visible', u)
          else
            redis.call('ZADD', P .. 'visible', 0, u)
          end
          if s == field(h, 'r') then
            redis.call('HSET', key, 's', s)
            return {}
          end
          local v = nextVersion()
          redis.call('HSET', key, 's', s, 'r', s, 'v', fmt(v))
          return {v}
          """;

  /** ARGV: prefix, users... Returns each user's status, in order. */
  static final String STATUS_OF =
      COMMON
          + """
          local out = {}
          for k = 2, #ARGV do
            local h = redis.call('HGETALL', P .. 'presence:' .. ARGV[k])
            if #h > 0 and anyLive(h) then
              table.insert(out, field(h, 's'))
            else
              table.insert(out, 'OFFLINE')
            end
          end
          return out
          """;

  /**
   * ARGV: prefix, cursor (a user id or empty), limit. Returns {next cursor or '', {user, status,
   * version}...}.
   */
  static final String VISIBLE =
      COMMON
          + """
          local cursor, limit = ARGV[2], tonumber(ARGV[3])
          local from = '-'
          if cursor ~= '' then from = '(' .. cursor end
          local users = redis.call('ZRANGEBYLEX', P .. 'visible', from, '+', 'LIMIT', 0, limit)
          local out = {}
          for _, u in ipairs(users) do
            local h = redis.call('HGETALL', P .. 'presence:' .. u)
            local s = field(h, 's')
            if s and s ~= 'OFFLINE' and anyLive(h) then
              table.insert(out, u)
              table.insert(out, s)
              table.insert(out, field(h, 'v'))
            end
          end
          local nextCursor = ''
          if #users == limit then nextCursor = users[#users] end
          return {nextCursor, out}
          """;

  /** ARGV: prefix. Claims every lapsed instance; returns (user, version) of users now offline. */
  static final String EXPIRE_PRESENCE =
      COMMON
          + """
          local out = {}
          for _, i in ipairs(redis.call('SMEMBERS', P .. 'presence-instances')) do
            if not live(i) then
              redis.call('SREM', P .. 'presence-instances', i)
              forgetAll(i, out)
            end
          end
          return out
          """;

  /** ARGV: prefix, self. Returns (user, version) of users now offline. */
  static final String LEAVE_PRESENCE =
      COMMON
          + """
          local out = {}
          redis.call('SREM', P .. 'presence-instances', ARGV[2])
          forgetAll(ARGV[2], out)
          return out
          """;

  /** ARGV: prefix, self, connection, watcher, subjects... Returns 0 when self is not live. */
  static final String REPLACE_WATCH =
      COMMON
          + """
          local self, conn, watcher = ARGV[2], ARGV[3], ARGV[4]
          if not live(self) then return 0 end
          dropWatch(self, conn)
          if #ARGV < 5 then
            redis.call('SREM', P .. 'watch-of:' .. self, conn)
            return 1
          end
          local key = P .. 'watch:' .. self .. '|' .. conn
          redis.call('HSET', key, '@', watcher)
          for k = 5, #ARGV do
            redis.call('HSET', key, ARGV[k], '1')
            redis.call('HSET', P .. 'watchers:' .. ARGV[k], self .. '|' .. conn, watcher)
          end
          redis.call('SADD', P .. 'watch-of:' .. self, conn)
          redis.call('SADD', P .. 'watch-instances', self)
          return 1
          """;

  /** ARGV: prefix, self, connection. */
  static final String REMOVE_WATCH =
      COMMON
          + """
          redis.call('SREM', P .. 'watch-of:' .. ARGV[2], ARGV[3])
          return dropWatch(ARGV[2], ARGV[3])
          """;

  /** ARGV: prefix, subject. Returns the distinct watchers on live instances. */
  static final String WATCHERS_OF =
      COMMON
          + """
          local h = redis.call('HGETALL', P .. 'watchers:' .. ARGV[2])
          local seen, out = {}, {}
          for k = 1, #h, 2 do
            local w = h[k + 1]
            if not seen[w] and live((split(h[k], '|'))) then
              seen[w] = true
              table.insert(out, w)
            end
          end
          return out
          """;

  /** ARGV: prefix. Removes the lists of every lapsed instance; returns how many. */
  static final String EXPIRE_WATCHES =
      COMMON
          + """
          local n = 0
          for _, i in ipairs(redis.call('SMEMBERS', P .. 'watch-instances')) do
            if not live(i) then
              redis.call('SREM', P .. 'watch-instances', i)
              n = n + dropWatchesOf(i)
            end
          end
          return n
          """;

  /** ARGV: prefix, self. Removes self's lists; returns how many. */
  static final String LEAVE_WATCHES =
      COMMON
          + """
          redis.call('SREM', P .. 'watch-instances', ARGV[2])
          return dropWatchesOf(ARGV[2])
          """;
}
