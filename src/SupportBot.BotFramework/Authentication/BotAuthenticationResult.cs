using System.Security.Claims;

namespace SupportBot.BotFramework.Authentication;

/// The outcome of checking a request's token. FailureReason is for the log only, never for the caller.
public sealed record BotAuthenticationResult(bool Succeeded, ClaimsIdentity? Identity, string? CallerId, string? CallerAppId, string? FailureReason)
{
    public static BotAuthenticationResult Anonymous { get; } = new(true, new ClaimsIdentity(), CallerId: null, CallerAppId: null, FailureReason: null);

    /// A channel or a bot proved who it is with a token: what the activity says about its sender comes from it.
    /// False for Anonymous (authentication off), where anyone may have written the activity.
    public bool Verified => Succeeded && CallerId is not null;

    /// Said to the caller as a 403 problem: set only once its token has proved who it is, about what it asked for
    /// (a skill caller naming a serviceUrl outside its own), which tells a forger nothing.
    public string? RefusalDetail { get; init; }

    public static BotAuthenticationResult Fail(string reason) => new(false, null, null, null, reason);

    public static BotAuthenticationResult Refuse(string reason, string detail) => new(false, null, null, null, reason) { RefusalDetail = detail };
}

/// The callerId values the Bot Framework SDK sets on an authenticated activity.
public static class CallerIds
{
    public const string PublicAzureChannel = "urn:botframework:azure";
    public const string BotToBotPrefix = "urn:botframework:aadappid:";
}
