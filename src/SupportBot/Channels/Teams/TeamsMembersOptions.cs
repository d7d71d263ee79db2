using System.ComponentModel.DataAnnotations;

namespace SupportBot.Channels.Teams;

/// The roster lookup that tells agents who a Teams customer is (the "TeamsMembers" section): TeamsInfo.getMember's
/// GET v3/conversations/{id}/members/{userId}, which Teams answers with the member's name, e-mail and UPN.
internal sealed class TeamsMembersOptions
{
    public const string Section = "TeamsMembers";

    /// False never asks Teams about a member; agents then see only what the customer's messages carry.
    public bool Enabled { get; set; } = true;

    /// How long one lookup may take (the connector's retries included). A handoff that opens before the profile is
    /// known waits at most this long for it; the first-sight lookup runs off the turn.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
