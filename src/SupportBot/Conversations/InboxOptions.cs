using System.ComponentModel.DataAnnotations;

namespace SupportBot.Conversations;

/// How the durable inbox hands over turns an instance accepted but did not finish ("Conversations:Inbox").
internal sealed class InboxOptions
{
    public const string Section = "Conversations:Inbox";

    /// How long an instance holds an activity it accepted without renewing: once it has run out, another instance
    /// (or this one after a restart) takes the activity over. The holder renews well before (every RecoveryInterval).
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// How often an instance renews its leases and looks for activities whose lease ran out.
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// Runs of one activity before it is given up (marked failed and kept for inspection): a turn that makes the
    /// handler throw, or the process die, must not come back forever.
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}
