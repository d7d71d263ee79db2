using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.BotFramework.UserTokens;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Touchpoints;

namespace SupportBot.Channels.Teams;

/// Teams single sign-on, as botbuilder's OAuthPrompt does it: "sign in" (or an account request when
/// TeamsSignIn:RequireForAccountActions is on) sends an OAuth card, which Teams turns into a silent token exchange
/// (TeamsSignInInvokes) or a sign-in button; "sign out" signs out. A token counts only when its Entra object id is
/// the Teams user's own (from.aadObjectId, which only an authenticated channel may state); it then joins the
/// customer's record as their verified identity.
internal sealed partial class TeamsSignIn(
    UserTokenClient tokens,
    CustomerStore customers,
    CustomerVerifications verifications,
    TouchpointStore touchpoints,
    IOptions<BotFrameworkOptions> bot,
    IOptions<TeamsSignInOptions> options,
    TimeProvider time,
    ILogger<TeamsSignIn> logger) : IMessageGate
{
    /// The reason of the bot's touchpoint when it asked the customer to sign in before acting on their account:
    /// after signing in, that request is taken up again.
    public const string SignInRequired = "sign_in_required";
    public const string SignInOffered = "sign_in";

    public bool IsEnabled => bot.Value.IsSignInEnabled;

    public string ConnectionName => bot.Value.OAuthConnectionName;

    public async Task<bool> TryHandleAsync(InboundTurn turn, string text, string customerId, Touchpoint? said, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (!IsEnabled || !activity.IsTeams())
        {
            return false;
        }
        var command = SignInCommands.Read(text);
        var accountAction = command == SignInCommand.None && options.Value.RequireForAccountActions && AccountActions.IsRequested(text);
        if (command == SignInCommand.None && !accountAction)
        {
            return false;
        }
        var messages = SignInMessages.For(activity.Locale);
        // Only an authenticated channel may name the user's Entra object id (SelfClaimedIdentity strips it otherwise).
        if (activity.From?.AadObjectId is not { Length: > 0 } objectId || activity.From.Id is not { Length: > 0 })
        {
            LogNoVerifiableUser(logger, activity.Conversation?.Id);
            await ReplyAsync(turn, customerId, said, messages.SignInUnavailable, null, TouchpointKind.SmallTalk, SignInOffered, cancellationToken);
            return true;
        }
        if (command == SignInCommand.SignOut)
        {
            await SignOutAsync(turn, objectId, customerId, said, messages, cancellationToken);
            return true;
        }
        var verified = await VerifiedAsync(activity, objectId, customerId, cancellationToken);
        if (verified is not null)
        {
            if (accountAction)
            {
                return false;
            }
            await ReplyAsync(turn, customerId, said, messages.AlreadySignedIn(verified.Display), null, TouchpointKind.SmallTalk, SignInOffered, cancellationToken);
            return true;
        }
        var prompt = accountAction ? messages.SignInFirst : messages.SignInText;
        Attachment card;
        try
        {
            card = await OAuthCardAsync(activity, prompt, messages, cancellationToken);
        }
        catch (UserTokenException ex)
        {
            LogSignInUnavailable(logger, ex.Message, activity.Conversation?.Id);
            await ReplyAsync(turn, customerId, said, messages.SignInUnavailable, null, TouchpointKind.SmallTalk, SignInOffered, cancellationToken);
            return true;
        }
        await ReplyAsync(turn, customerId, said, prompt, card, TouchpointKind.SmallTalk, accountAction ? SignInRequired : SignInOffered, cancellationToken);
        return true;
    }

    /// The customer's verified identity: saved from an earlier sign-in, or from a token the token service still
    /// holds for them (silently, as OAuthPrompt begins). Null when they must sign in.
    private async Task<VerifiedIdentity?> VerifiedAsync(Activity activity, string objectId, string customerId, CancellationToken cancellationToken)
    {
        if (await verifications.FindAsync(customerId, cancellationToken) is { } saved && saved.ObjectId.Equals(objectId, StringComparison.OrdinalIgnoreCase))
        {
            return saved;
        }
        try
        {
            var token = await tokens.GetTokenAsync(activity.From!.Id!, ConnectionName, activity.ChannelId!, code: null, cancellationToken);
            return token is null ? null : await AcceptAsync(activity, token, customerId, cancellationToken);
        }
        catch (UserTokenException ex)
        {
            LogSignInUnavailable(logger, ex.Message, activity.Conversation?.Id);
            return null;
        }
    }

    /// Checks a token from the token service against the Teams user and, when it is theirs, saves it as the
    /// customer's verified identity and logs the sign-in. Null (and the token service's copy signed out) otherwise.
    public async Task<VerifiedIdentity?> AcceptAsync(Activity activity, TokenResponse token, string? customerId, CancellationToken cancellationToken)
    {
        var identity = SignInToken.Read(token.Token!, activity.ChannelId ?? ChannelIds.Msteams, time.GetUtcNow());
        var objectId = activity.From?.AadObjectId;
        if (identity is null || objectId is null || !identity.ObjectId.Equals(objectId, StringComparison.OrdinalIgnoreCase))
        {
            LogMismatch(logger, activity.Conversation?.Id, identity is null ? "no oid in the token" : "the token's oid is not the Teams user's");
            await SignOutQuietlyAsync(activity, cancellationToken);
            return null;
        }
        customerId ??= await customers.ResolveAsync(activity, cancellationToken: cancellationToken);
        await verifications.SaveAsync(customerId, identity, cancellationToken);
        await touchpoints.AppendAsync(NewTouchpoint(activity, customerId, TouchpointKind.SignIn, identity.Display, null), cancellationToken);
        LogSignedIn(logger, customerId, activity.Conversation?.Id);
        return identity;
    }

    private async Task SignOutAsync(InboundTurn turn, string objectId, string customerId, Touchpoint? said, SignInMessages messages, CancellationToken cancellationToken)
    {
        await SignOutQuietlyAsync(turn.Activity, cancellationToken);
        await verifications.RemoveAsync(objectId.ToLowerInvariant(), cancellationToken);
        await ReplyAsync(turn, customerId, said, messages.SignedOut, null, TouchpointKind.SignOut, null, cancellationToken);
        LogSignedOut(logger, customerId, turn.Activity.Conversation?.Id);
    }

    // The token service forgets the user's token; a service that cannot be reached leaves it to expire.
    public async Task SignOutQuietlyAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            await tokens.SignOutAsync(activity.From!.Id!, ConnectionName, activity.ChannelId!, cancellationToken);
        }
        catch (UserTokenException ex)
        {
            LogSignInUnavailable(logger, ex.Message, activity.Conversation?.Id);
        }
    }

    // The card OAuthPrompt sends to Teams: the exchange resource for SSO, and the sign-in link on its button for a
    // user who must consent first (Teams shows the button when the exchange answers 412).
    private async Task<Attachment> OAuthCardAsync(Activity activity, string text, SignInMessages messages, CancellationToken cancellationToken)
    {
        var resource = await tokens.GetSignInResourceAsync(ConnectionName, activity, finalRedirect: null, cancellationToken);
        var card = new OAuthCard
        {
            Text = text,
            ConnectionName = ConnectionName,
            Buttons = [new CardAction { Type = ActionTypes.Signin, Title = messages.SignInButton, Value = JsonSerializer.SerializeToElement(resource.SignInLink) }],
            TokenExchangeResource = resource.TokenExchangeResource,
            TokenPostResource = resource.TokenPostResource,
        };
        return new Attachment { ContentType = OAuthCard.ContentType, Content = JsonSerializer.SerializeToElement(card, BotJson.Options) };
    }

    private async Task ReplyAsync(
        InboundTurn turn, string customerId, Touchpoint? said, string text, Attachment? card, string kind, string? reason, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var reply = card is null
            ? activity.CreateReply(text)
            : activity.CreateReply() with { Attachments = [card], InputHint = InputHints.AcceptingInput };
        var id = await turn.Sender.SendAsync(reply, cancellationToken);
        var answer = NewTouchpoint(activity, customerId, kind, text, id) with { Reason = reason };
        await touchpoints.AppendAsync(said is null ? [answer] : [said, answer], cancellationToken);
    }

    private Touchpoint NewTouchpoint(Activity activity, string customerId, string kind, string? text, string? activityId) => new()
    {
        OccurredAt = time.GetUtcNow(),
        ConversationId = activity.Conversation?.Id ?? string.Empty,
        Channel = activity.ChannelId ?? ChannelIds.Msteams,
        CustomerId = customerId,
        Kind = kind,
        Text = text,
        ActivityId = activityId,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} signed in (conversation {ConversationId})")]
    private static partial void LogSignedIn(ILogger logger, string customerId, string? conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} signed out (conversation {ConversationId})")]
    private static partial void LogSignedOut(ILogger logger, string customerId, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a sign-in in conversation {ConversationId}: {Reason}")]
    private static partial void LogMismatch(ILogger logger, string? conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in is unavailable in conversation {ConversationId}: {Reason}")]
    private static partial void LogSignInUnavailable(ILogger logger, string reason, string? conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "No sign-in in conversation {ConversationId}: the activity names no authenticated Teams user")]
    private static partial void LogNoVerifiableUser(ILogger logger, string? conversationId);
}

internal enum SignInCommand
{
    None,
    SignIn,
    SignOut,
}

/// "sign in" / "log in" / "masuk" and "sign out" / "log out" / "keluar", as the whole message.
internal static partial class SignInCommands
{
    public static SignInCommand Read(string text)
        => SignInPattern().IsMatch(text) ? SignInCommand.SignIn : SignOutPattern().IsMatch(text) ? SignInCommand.SignOut : SignInCommand.None;

    [GeneratedRegex(@"^\s*(please\s+)?(sign\s*in|log\s*in|login|masuk)(\s+(please|now))?\s*[.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SignInPattern();

    [GeneratedRegex(@"^\s*(please\s+)?(sign\s*out|log\s*out|logout|keluar)(\s+(please|now))?\s*[.!]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SignOutPattern();
}
