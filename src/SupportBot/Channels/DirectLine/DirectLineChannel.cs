using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;

namespace SupportBot.Channels.DirectLine;

/// Self-hosted Direct Line 3.0: what Microsoft's Web Chat and DirectLineJS call, answered as the service does.
internal sealed partial class DirectLineChannel(
    DirectLineStore store,
    DirectLineTokens tokens,
    DirectLineAuthenticator authenticator,
    TurnDispatcher dispatcher,
    DirectLineAttachments attachments,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineChannel> logger)
{
    private DirectLineOptions Settings => options.Value;

    /// The host's own token endpoint for its chat page: the secret never reaches the browser.
    public IResult IssuePageToken() => Results.Json(NewConversationToken(NewUserId()), BotJson.Options);

    public async Task<IResult> GenerateAsync(HttpContext context)
    {
        var (caller, failure) = authenticator.Authenticate(context.Request);
        if (failure is not null)
        {
            return failure;
        }
        if (!caller!.IsSecret)
        {
            return DirectLineErrors.InvalidToken();
        }
        var (parameters, error) = await ReadJsonAsync<TokenParameters>(context, optional: true);
        return error ?? Results.Json(NewConversationToken(parameters?.User?.Id is { Length: > 0 } user ? user : NewUserId()), BotJson.Options);
    }

    public IResult Refresh(HttpContext context)
    {
        var (caller, failure) = authenticator.Authenticate(context.Request);
        if (failure is not null)
        {
            return failure;
        }
        if (caller!.Claims is not { } claims)
        {
            return DirectLineErrors.BadArgument("Only a token can be refreshed.");
        }
        var (token, expiresIn) = tokens.Issue(claims.ConversationId, claims.UserId, Settings.TokenLifetimeSeconds);
        return Results.Json(new DirectLineConversation { ConversationId = claims.ConversationId, Token = token, ExpiresIn = expiresIn }, BotJson.Options);
    }

    public async Task<IResult> StartAsync(HttpContext context)
    {
        var (caller, failure) = authenticator.Authenticate(context.Request);
        if (failure is not null)
        {
            return failure;
        }
        var (parameters, error) = await ReadJsonAsync<TokenParameters>(context, optional: true);
        if (error is not null)
        {
            return error;
        }
        string conversationId, userId, token;
        int expiresIn;
        if (caller!.Claims is { } claims)
        {
            (conversationId, userId, token) = (claims.ConversationId, claims.UserId, BearerOf(context.Request));
            expiresIn = (int)Math.Max(0, claims.ExpiresAt - time.GetUtcNow().ToUnixTimeSeconds());
        }
        else
        {
            conversationId = NewConversationId();
            userId = parameters?.User?.Id is { Length: > 0 } user ? user : NewUserId();
            (token, expiresIn) = tokens.Issue(conversationId, userId, Settings.TokenLifetimeSeconds);
        }

        var (state, created) = await store.GetOrCreateAsync(conversationId, userId, context.RequestAborted);
        if (created)
        {
            LogStarted(logger, conversationId);
            await dispatcher.DispatchAsync(JoinActivity(context.Request, state), new DirectLineSender(store, state, time), context.RequestAborted);
        }
        var body = new DirectLineConversation
        {
            ConversationId = conversationId,
            Token = token,
            ExpiresIn = expiresIn,
            StreamUrl = StreamUrl(context.Request, conversationId, token, watermark: null),
        };
        return Results.Json(body, BotJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public async Task<IResult> ReconnectAsync(HttpContext context, string conversationId, string? watermark)
    {
        var (caller, state, failure) = await AuthorizeConversationAsync(context, conversationId);
        if (failure is not null)
        {
            return failure;
        }
        var token = caller!.IsSecret ? tokens.Issue(conversationId, state!.UserId, Settings.TokenLifetimeSeconds).Token : BearerOf(context.Request);
        var expiresIn = caller.Claims is { } claims
            ? (int)Math.Max(0, claims.ExpiresAt - time.GetUtcNow().ToUnixTimeSeconds())
            : Settings.TokenLifetimeSeconds;
        return Results.Json(
            new DirectLineConversation
            {
                ConversationId = conversationId,
                Token = token,
                ExpiresIn = expiresIn,
                StreamUrl = StreamUrl(context.Request, conversationId, token, watermark),
            },
            BotJson.Options);
    }

    public async Task<IResult> GetActivitiesAsync(HttpContext context, string conversationId, string? watermark)
    {
        var (_, state, failure) = await AuthorizeConversationAsync(context, conversationId);
        if (failure is not null)
        {
            return failure;
        }
        var (activities, next) = state!.After(Watermark.Parse(watermark));
        return Results.Json(new ActivitySet { Activities = activities, Watermark = next }, BotJson.Options);
    }

    public async Task<IResult> PostActivityAsync(HttpContext context, string conversationId)
    {
        var (caller, state, failure) = await AuthorizeConversationAsync(context, conversationId);
        if (failure is not null)
        {
            return failure;
        }
        var (activity, error) = await ReadJsonAsync<Activity>(context, optional: false);
        if (error is not null)
        {
            return error;
        }
        if (activity!.Type == ActivityTypes.ConversationUpdate)
        {
            return DirectLineErrors.BadArgument("Clients may not send conversationUpdate activities.");
        }
        if (activity.Text is { } text && text.Length > Settings.MaxTextLength)
        {
            LogRejected(logger, conversationId, "text too long");
            return DirectLineErrors.TooBig($"Message text is limited to {Settings.MaxTextLength} characters.");
        }
        return await AcceptAsync(context, caller!, state!, activity);
    }

    // Stores a customer's activity in the conversation, with the addressing the service gives it, and hands it to
    // the bot; the response carries the id it got.
    private async Task<IResult> AcceptAsync(HttpContext context, DirectLineCaller caller, DirectLineConversationState state, Activity activity)
    {
        var conversationId = state.Id;
        // A token bound to a user decides who is speaking; the service overrides a different from.id the same way.
        var userId = caller.Claims?.UserId ?? activity.From?.Id ?? state.UserId;
        var inbound = activity with
        {
            Id = null,
            Timestamp = null,
            ChannelId = ChannelIds.Directline,
            ServiceUrl = ServiceUrl(context.Request),
            From = (activity.From ?? new ChannelAccount()) with { Id = userId, Role = "user" },
            Recipient = new ChannelAccount { Id = Settings.BotId, Name = Settings.BotName, Role = "bot" },
            Conversation = new ConversationAccount { Id = conversationId },
        };
        var stored = await store.AppendAsync(state, inbound, context.RequestAborted);
        // Typing too: an agent with the conversation sees the customer writing.
        await dispatcher.DispatchAsync(stored, new DirectLineSender(store, state, time), context.RequestAborted);
        return Results.Json(new ResourceResponse { Id = stored.Id }, BotJson.Options);
    }

    public async Task StreamAsync(HttpContext context, string conversationId, string? t, string? watermark)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await DirectLineErrors.BadArgument("This endpoint takes WebSocket connections only.").ExecuteAsync(context);
            return;
        }
        // The stream URL carries its token in "t": browsers cannot set headers on a WebSocket.
        var (_, state, failure) = await AuthorizeConversationAsync(context, conversationId, t);
        if (failure is not null)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new DirectLineStreamSession(socket, TimeSpan.FromSeconds(Settings.KeepAliveSeconds));
        DirectLineStreamSession? replaced;
        // Replay and attach under the gate, so no activity falls between the backlog and the live feed.
        await state!.Gate.WaitAsync(context.RequestAborted);
        try
        {
            var (backlog, next) = state.After(Watermark.Parse(watermark));
            if (backlog.Count > 0)
            {
                session.Send(new ActivitySet { Activities = backlog, Watermark = next });
            }
            replaced = state.Attach(session);
        }
        finally
        {
            state.Gate.Release();
        }
        replaced?.Close("collision");
        try
        {
            await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            state.Detach(session);
        }
    }

    private async Task<(DirectLineCaller? Caller, DirectLineConversationState? State, IResult? Failure)> AuthorizeConversationAsync(
        HttpContext context, string conversationId, string? credential = null)
    {
        var (caller, failure) = string.IsNullOrEmpty(credential) ? authenticator.Authenticate(context.Request) : authenticator.AuthenticateCredential(credential);
        if (failure is not null)
        {
            return (null, null, failure);
        }
        if (!caller!.MayUse(conversationId))
        {
            LogRejected(logger, context.Request.Path, "token of another conversation");
            return (null, null, DirectLineErrors.WrongConversation());
        }
        var state = await store.FindAsync(conversationId, context.RequestAborted);
        if (state is null)
        {
            LogRejected(logger, context.Request.Path, "unknown conversation");
            return (null, null, DirectLineErrors.ConversationNotFound());
        }
        return (caller, state, null);
    }

    /// Reads a JSON body under the size limit. An empty body is allowed only when the endpoint takes an optional one
    /// (start, tokens/generate); every refusal is a 400 or 413 with an ErrorResponse and a log line.
    private async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext context, bool optional) where T : class
    {
        if (context.Request.ContentLength > Settings.MaxActivityBytes)
        {
            return (null, TooBig(context));
        }
        LimitBody(context);
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length == 0 && optional)
            {
                return (null, null);
            }
            return (BotJson.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooBig(context));
        }
        catch (JsonException ex)
        {
            LogRejected(logger, context.Request.Path, ex.Message);
            return (null, DirectLineErrors.BadArgument($"The body is not a valid {typeof(T).Name}: {ex.Message}"));
        }
    }

    private IResult TooBig(HttpContext context)
    {
        LogRejected(logger, context.Request.Path, "body too large");
        return DirectLineErrors.TooBig($"Request bodies are limited to {Settings.MaxActivityBytes} bytes.");
    }

    // Chunked bodies carry no Content-Length: the server itself stops reading past the limit.
    private void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Settings.MaxActivityBytes;
        }
    }

    private Activity JoinActivity(HttpRequest request, DirectLineConversationState state)
    {
        var bot = new ChannelAccount { Id = Settings.BotId, Name = Settings.BotName, Role = "bot" };
        var user = new ChannelAccount { Id = state.UserId, Role = "user" };
        return new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = ChannelIds.Directline,
            ServiceUrl = ServiceUrl(request),
            Conversation = new ConversationAccount { Id = state.Id },
            From = user,
            Recipient = bot,
            MembersAdded = [bot, user],
            Timestamp = time.GetUtcNow(),
        };
    }

    private DirectLineConversation NewConversationToken(string userId)
    {
        var conversationId = NewConversationId();
        var (token, expiresIn) = tokens.Issue(conversationId, userId, Settings.TokenLifetimeSeconds);
        return new DirectLineConversation { ConversationId = conversationId, Token = token, ExpiresIn = expiresIn };
    }

    private static string BearerOf(HttpRequest request) => request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();

    private static string ServiceUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/";

    private static string StreamUrl(HttpRequest request, string conversationId, string token, string? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var query = watermark is { Length: > 0 } ? $"watermark={Uri.EscapeDataString(watermark)}&t={token}" : $"t={token}";
        return $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/stream?{query}";
    }

    private static string NewConversationId() => Base64Id(16);

    private static string NewUserId() => "dl_" + Base64Id(12);

    private static string Base64Id(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line conversation {ConversationId} started")]
    private static partial void LogStarted(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected Direct Line request {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, string reason);
}
