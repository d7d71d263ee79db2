using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Handoff;
using SupportBot.Limits;

namespace SupportBot.Channels.DirectLine;

/// Self-hosted Direct Line 3.0, its conversations: what Microsoft's Web Chat and DirectLineJS call to start, reconnect,
/// read, post and stream, answered as the service does. Tokens are DirectLineTokenIssuer's, uploads DirectLineUploads'.
/// The caller (and for a conversation's endpoints, the conversation) reaches each handler checked by its group's
/// filters (DirectLineFilters); the stream checks its own, as it carries it in the URL.
internal sealed partial class DirectLineChannel(
    DirectLineStore store,
    DirectLineTokens tokens,
    DirectLineRequests requests,
    DirectLineTokenIssuer issuer,
    TokenRevocations revocations,
    TurnDispatcher dispatcher,
    PublicAddress address,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineChannel> logger)
{
    private DirectLineOptions Settings => options.Value;

    public async Task<Results<JsonHttpResult<DirectLineConversation>, JsonHttpResult<ErrorResponse>>> StartAsync(HttpContext context)
    {
        var caller = DirectLineFilters.Caller(context);
        var (parameters, error) = await requests.ReadJsonAsync<TokenParameters>(context, optional: true);
        if (error is not null)
        {
            return error.AsErrorResponse();
        }
        string conversationId, token;
        ChatUser user;
        int expiresIn;
        var freshId = caller.Claims is null;
        if (caller.Claims is { } claims)
        {
            (conversationId, user, token) = (claims.ConversationId, new ChatUser(claims.UserId, claims.UserName), DirectLineRequests.BearerOf(context.Request));
            expiresIn = (int)Math.Max(0, claims.ExpiresAt - time.GetUtcNow().ToUnixTimeSeconds());
        }
        else
        {
            // The secret's holder is the site's own server: it names the user and may bind the token to origins.
            var (origins, refusal) = issuer.TrustedOriginsOf(parameters?.TrustedOrigins);
            if (refusal is not null)
            {
                return refusal.AsErrorResponse();
            }
            conversationId = DirectLineTokenIssuer.NewConversationId();
            user = parameters?.User?.Id is { Length: > 0 } id ? new ChatUser(id, parameters.User.Name) : new ChatUser(AnonymousIds.New(), null);
            (token, expiresIn) = tokens.Issue(conversationId, user.Id, Settings.TokenLifetimeSeconds, user.Name, origins);
        }

        var (state, created) = await store.GetOrCreateAsync(conversationId, user.Id, freshId, context.RequestAborted);
        if (created)
        {
            LogStarted(logger, conversationId);
            var join = JoinActivity(context.Request, state, user.Name, parameters?.Locale);
            // The conversation exists now: its welcome follows even if the client has already gone.
            await dispatcher.DispatchAsync(join, new DirectLineSender(store, state), CancellationToken.None);
        }
        var body = new DirectLineConversation
        {
            ConversationId = conversationId,
            Token = token,
            ExpiresIn = expiresIn,
            StreamUrl = StreamUrl(context.Request, conversationId, token, watermark: null),
        };
        return TypedResults.Json(body, BotJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public JsonHttpResult<DirectLineConversation> Reconnect(HttpContext context, string conversationId, string? watermark)
    {
        var (caller, state) = (DirectLineFilters.Caller(context), DirectLineFilters.Conversation(context));
        var token = caller.IsSecret ? tokens.Issue(conversationId, state.UserId, Settings.TokenLifetimeSeconds).Token : DirectLineRequests.BearerOf(context.Request);
        var expiresIn = caller.Claims is { } claims
            ? (int)Math.Max(0, claims.ExpiresAt - time.GetUtcNow().ToUnixTimeSeconds())
            : Settings.TokenLifetimeSeconds;
        return TypedResults.Json(
            new DirectLineConversation
            {
                ConversationId = conversationId,
                Token = token,
                ExpiresIn = expiresIn,
                StreamUrl = StreamUrl(context.Request, conversationId, token, watermark),
            },
            BotJson.Options);
    }

    public async Task<JsonHttpResult<ActivitySet>> GetActivitiesAsync(HttpContext context, string? watermark)
    {
        var state = DirectLineFilters.Conversation(context);
        var (activities, next) = await store.ReadAfterAsync(state, Watermark.Parse(watermark), context.RequestAborted);
        return TypedResults.Json(new ActivitySet { Activities = activities, Watermark = next }, BotJson.Options);
    }

    public async Task<Results<JsonHttpResult<ResourceResponse>, JsonHttpResult<ErrorResponse>>> PostActivityAsync(HttpContext context)
    {
        var state = DirectLineFilters.Conversation(context);
        var (activity, error) = await requests.ReadJsonAsync<Activity>(context, optional: false);
        if (error is not null)
        {
            return error.AsErrorResponse();
        }
        if (activity!.Type == ActivityTypes.ConversationUpdate)
        {
            return DirectLineErrors.BadArgument("Clients may not send conversationUpdate activities.");
        }
        if (activity.Text is { } text && text.Length > Settings.MaxTextLength)
        {
            LogRejected(logger, state.Id, "text too long");
            return DirectLineErrors.TooBig($"Message text is limited to {Settings.MaxTextLength} characters.");
        }
        return await AcceptAsync(context, DirectLineFilters.Caller(context), state, activity);
    }

    // Stores a customer's activity in the conversation, with the addressing the service gives it, and hands it to
    // the bot; the response carries the id it got.
    public async Task<JsonHttpResult<ResourceResponse>> AcceptAsync(HttpContext context, DirectLineCaller caller, DirectLineConversationState state, Activity activity)
    {
        var conversationId = state.Id;
        // A token bound to a user decides who is speaking; the service overrides a different from.id the same way.
        // The name a signed user token gave is kept too, so nobody can post under a signed-in customer's name.
        var userId = caller.Claims?.UserId ?? activity.From?.Id ?? state.UserId;
        var userName = caller.Claims?.UserName ?? activity.From?.Name;
        // Only the secret's holder may speak for the contact-centre (its handoff.status); a token's holder is the
        // customer, and no client names its own callerId.
        var centre = caller.IsSecret && activity.From?.Role == ContactCentre.Role;
        // The client names nobody else: of its from it keeps only what the service keeps (SelfClaimedIdentity).
        var inbound = SelfClaimedIdentity.Strip(activity) with
        {
            Id = null,
            Timestamp = null,
            CallerId = centre ? ContactCentre.DirectLineCallerId : null,
            ChannelId = ChannelIds.Directline,
            ServiceUrl = ServiceUrl(context.Request),
            From = new ChannelAccount { Id = userId, Name = userName, Role = centre ? ContactCentre.Role : "user" },
            Recipient = new ChannelAccount { Id = Settings.BotId, Name = Settings.BotName, Role = "bot" },
            Conversation = new ConversationAccount { Id = conversationId },
        };
        var stored = await store.AppendAsync(state, inbound, context.RequestAborted);
        // Typing too: an agent with the conversation sees the customer writing. Once stored, the message is in the
        // conversation (the customer sees it on reconnecting), so its turn runs even if the client has gone away
        // meanwhile; cancelled with the request, it would stay there unanswered and unseen by agents.
        await dispatcher.DispatchAsync(stored, new DirectLineSender(store, state), CancellationToken.None);
        return TypedResults.Json(new ResourceResponse { Id = stored.Id }, BotJson.Options);
    }

    // Not behind the conversation group's filter: a browser cannot set headers on a WebSocket, so the credential
    // comes in the URL's "t", and a plain HTTP request is refused before any credential is looked at.
    public async Task StreamAsync(HttpContext context, string conversationId, string? t, string? watermark)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await DirectLineErrors.BadArgument("This endpoint takes WebSocket connections only.").ExecuteAsync(context);
            return;
        }
        // The stream URL carries its token in "t": browsers cannot set headers on a WebSocket.
        var (caller, state, failure) = await requests.AuthorizeConversationAsync(context, conversationId, t);
        if (failure is not null)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new DirectLineStreamSession(socket, TimeSpan.FromSeconds(Settings.KeepAliveSeconds), caller!.Claims?.Id);
        var replaced = await store.AttachAsync(state!, session, Watermark.Parse(watermark), context.RequestAborted);
        replaced?.Close("collision");
        // A revocation between the check above and the attach found no socket to close: look again now it is attached.
        if (caller!.Claims is { } claims && await revocations.IsRevokedAsync(claims, context.RequestAborted))
        {
            session.Close("token revoked", WebSocketCloseStatus.PolicyViolation);
        }
        // The stream lives no longer than its token; the client reconnects with the one it has refreshed meanwhile.
        using var expiry = caller.Claims is { } expiring ? session.CloseWhenExpired(expiring.ExpiresAt, time) : null;
        try
        {
            await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            state!.Detach(session);
        }
    }

    // The locale DirectLineJS sends at start (conversationStartProperties) lets the bot greet in the page's language.
    private Activity JoinActivity(HttpRequest request, DirectLineConversationState state, string? userName, string? locale)
    {
        var bot = new ChannelAccount { Id = Settings.BotId, Name = Settings.BotName, Role = "bot" };
        var user = new ChannelAccount { Id = state.UserId, Name = userName, Role = "user" };
        return new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = ChannelIds.Directline,
            ServiceUrl = ServiceUrl(request),
            Conversation = new ConversationAccount { Id = state.Id },
            From = user,
            Recipient = bot,
            MembersAdded = [bot, user],
            Locale = locale,
            Timestamp = time.GetUtcNow(),
        };
    }

    // From Web:PublicBaseUrl, never from a Host header the caller chose (PublicAddress).
    public string ServiceUrl(HttpRequest request) => address.BaseUrl(request);

    private string StreamUrl(HttpRequest request, string conversationId, string token, string? watermark)
    {
        var query = watermark is { Length: > 0 } ? $"watermark={Uri.EscapeDataString(watermark)}&t={token}" : $"t={token}";
        return $"{address.SocketBaseUrl(request)}v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/stream?{query}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line conversation {ConversationId} started")]
    private static partial void LogStarted(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected Direct Line request {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, string reason);
}
