using System.ComponentModel.DataAnnotations;

namespace SupportBot.Redis;

/// The "Redis" section. With a connection string, instances share conversation locks, limits, revocations,
/// presence, Direct Line notices and the agent hub through Redis.
internal sealed class RedisOptions
{
    public const string Section = "Redis";

    public string ConnectionString { get; set; } = string.Empty;

    /// The first part of every key and channel SupportBot uses, so that several deployments can share one Redis.
    [Required, RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "Redis:ChannelPrefix takes letters, digits, '_', '.' and '-'.")]
    public string ChannelPrefix { get; set; } = "supportbot";

    public bool IsConfigured => !string.IsNullOrEmpty(ConnectionString);

    /// A key or channel name under the prefix: "supportbot:limits:" for "limits:".
    public string Name(string name) => $"{ChannelPrefix}:{name}";
}
