using StackExchange.Redis;

namespace SupportBot.Redis;

/// One log line when Redis is lost and one when it is back, however many reconnect attempts or refused commands
/// come in between.
internal sealed partial class RedisOutageLog
{
    private int _down;

    private RedisOutageLog()
    {
    }

    public static void Watch(IConnectionMultiplexer redis, ILogger<RedisOutageLog> logger)
    {
        var log = new RedisOutageLog();
        redis.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref log._down, 1) == 0)
            {
                LogLost(logger, e.Exception, e.EndPoint?.ToString(), e.FailureType);
            }
        };
        redis.ConnectionRestored += (_, e) =>
        {
            if (Interlocked.Exchange(ref log._down, 0) == 1)
            {
                LogRestored(logger, e.EndPoint?.ToString());
            }
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the connection to Redis at {EndPoint} ({FailureType}); reconnecting. Meanwhile presence is this instance's own, Direct Line streams catch up when it is back, and consoles on other instances miss this one's events")]
    private static partial void LogLost(ILogger logger, Exception? exception, string? endPoint, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconnected to Redis at {EndPoint}")]
    private static partial void LogRestored(ILogger logger, string? endPoint);
}
