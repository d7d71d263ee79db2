using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.BotFramework.UserTokens;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Replies;
using SupportBot.Touchpoints;

namespace SupportBot.Channels.Teams;

/// The sign-in invokes Teams sends after an OAuth card, answered as botbuilder's OAuthPrompt and
/// TeamsSSOTokenExchangeMiddleware answer them: signin/tokenExchange (exchange Teams' SSO token; 412 with a
/// TokenExchangeInvokeResponse when it cannot be, so Teams shows the card's sign-in button; a repeated exchange id,
/// which Teams sends to every instance it retries, answered 200 and not exchanged again) and signin/verifyState (the
/// sign-in link's magic code, redeemed with GetToken; 404 when it yields no token).
internal sealed partial class TeamsSignInInvokes(
    TeamsSignIn signIn,
    UserTokenClient tokens,
    CustomerVerifications verifications,
    TouchpointStore touchpoints,
    TurnDispatcher dispatcher,
    TimeProvider time,
    ILogger<TeamsSignInInvokes> logger)
{
    public const string ExchangeFailed = "The bot is unable to exchange token. Proceed with regular login.";

    public async Task<InvokeResponse> TokenExchangeAsync(Activity invoke, IActivitySender sender, CancellationToken cancellationToken)
    {
        if (!signIn.IsEnabled)
        {
            return InvokeResponse.NotImplemented;
        }
        var request = Read<TokenExchangeInvokeRequest>(invoke.Value);
        if (request?.Id is not { Length: > 0 } id || request.Token is not { Length: > 0 } ssoToken)
        {
            return Answer(StatusCodes.Status400BadRequest, request?.Id, "The invoke carries no TokenExchangeInvokeRequest (id and token).");
        }
        if (!string.Equals(request.ConnectionName, signIn.ConnectionName, StringComparison.Ordinal))
        {
            return Answer(StatusCodes.Status400BadRequest, id, $"The connection '{request.ConnectionName}' is not the bot's OAuth connection.");
        }
        if (invoke.From?.Id is not { Length: > 0 } userId || invoke.From.AadObjectId is not { Length: > 0 })
        {
            LogRefused(logger, invoke.Name, invoke.Conversation?.Id, "no authenticated Teams user");
            return Answer(StatusCodes.Status412PreconditionFailed, id, ExchangeFailed);
        }
        if (!await verifications.ClaimExchangeAsync($"{invoke.ChannelId}/{invoke.Conversation?.Id}/{id}", time.GetUtcNow(), cancellationToken))
        {
            LogDuplicate(logger, invoke.Conversation?.Id);
            return new InvokeResponse(StatusCodes.Status200OK, null);
        }
        TokenResponse? token = null;
        try
        {
            token = await tokens.ExchangeTokenAsync(userId, signIn.ConnectionName, invoke.ChannelId!, new TokenExchangeRequest { Token = ssoToken }, cancellationToken);
        }
        catch (UserTokenException ex)
        {
            LogRefused(logger, invoke.Name, invoke.Conversation?.Id, ex.Message);
        }
        if (token is null)
        {
            return Answer(StatusCodes.Status412PreconditionFailed, id, ExchangeFailed);
        }
        var pending = await PendingRequestAsync(invoke, cancellationToken);
        if (await signIn.AcceptAsync(invoke, token, customerId: null, cancellationToken) is not { } identity)
        {
            return Answer(StatusCodes.Status412PreconditionFailed, id, ExchangeFailed);
        }
        await SignedInAsync(invoke, sender, identity, pending, cancellationToken);
        return Answer(StatusCodes.Status200OK, id, failureDetail: null);
    }

    public async Task<InvokeResponse> VerifyStateAsync(Activity invoke, IActivitySender sender, CancellationToken cancellationToken)
    {
        if (!signIn.IsEnabled)
        {
            return InvokeResponse.NotImplemented;
        }
        var state = invoke.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (state is not { Length: > 0 } || invoke.From?.Id is not { Length: > 0 } userId || invoke.From.AadObjectId is not { Length: > 0 })
        {
            LogRefused(logger, invoke.Name, invoke.Conversation?.Id, "no state, or no authenticated Teams user");
            return new InvokeResponse(StatusCodes.Status404NotFound, null);
        }
        TokenResponse? token = null;
        try
        {
            token = await tokens.GetTokenAsync(userId, signIn.ConnectionName, invoke.ChannelId!, state, cancellationToken);
        }
        catch (UserTokenException ex)
        {
            LogRefused(logger, invoke.Name, invoke.Conversation?.Id, ex.Message);
        }
        if (token is null)
        {
            return new InvokeResponse(StatusCodes.Status404NotFound, null);
        }
        var pending = await PendingRequestAsync(invoke, cancellationToken);
        if (await signIn.AcceptAsync(invoke, token, customerId: null, cancellationToken) is not { } identity)
        {
            // The sign-in link let them sign in as someone else: say so, as the card has gone.
            await sender.SendAsync(invoke.CreateReply(SignInMessages.For(invoke.Locale).WrongAccount), cancellationToken);
            return new InvokeResponse(StatusCodes.Status404NotFound, null);
        }
        await SignedInAsync(invoke, sender, identity, pending, cancellationToken);
        return new InvokeResponse(StatusCodes.Status200OK, null);
    }

    // Confirms the sign-in and takes up the account request that asked for it, in the conversation's own lane.
    private async Task SignedInAsync(Activity invoke, IActivitySender sender, VerifiedIdentity identity, string? pending, CancellationToken cancellationToken)
    {
        await sender.SendAsync(invoke.CreateReply(SignInMessages.For(invoke.Locale).SignedIn(identity.Name ?? identity.Display)), cancellationToken);
        if (pending is not null)
        {
            var request = invoke with { Type = ActivityTypes.Message, Name = null, Value = null, Text = pending };
            await dispatcher.DispatchAsync(request, sender, cancellationToken);
        }
    }

    // The customer's request the bot answered with "sign in first", when that was the conversation's last exchange.
    private async Task<string?> PendingRequestAsync(Activity invoke, CancellationToken cancellationToken)
    {
        var recent = await touchpoints.GetRecentAsync(invoke.Conversation?.Id ?? string.Empty, 2, cancellationToken);
        return recent is [{ Kind: TouchpointKind.CustomerMessage, Text: { Length: > 0 } text }, { Reason: TeamsSignIn.SignInRequired }] ? text : null;
    }

    private InvokeResponse Answer(int status, string? id, string? failureDetail)
        => new(status, JsonSerializer.SerializeToNode(
            new TokenExchangeInvokeResponse { Id = id, ConnectionName = signIn.ConnectionName, FailureDetail = failureDetail }, BotJson.Options));

    private static T? Read<T>(JsonElement? value)
        where T : class
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }
        try
        {
            return element.Deserialize<T>(BotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A repeated signin/tokenExchange in conversation {ConversationId} was answered 200 and not exchanged again")]
    private static partial void LogDuplicate(ILogger logger, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused invoke {Name} in conversation {ConversationId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? name, string? conversationId, string reason);
}
