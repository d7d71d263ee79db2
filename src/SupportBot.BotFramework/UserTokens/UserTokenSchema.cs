using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.UserTokens;

// The Bot Framework Token Service's JSON, as botframework-connector's TokenApiClient maps it.

/// A user's token for an OAuth connection (GetToken, exchange). Expiration is ISO 8601 text on the wire.
public sealed record TokenResponse
{
    public string? ChannelId { get; init; }

    public string? ConnectionName { get; init; }

    public string? Token { get; init; }

    public string? Expiration { get; init; }
}

/// What the bot asks the token service to exchange: Teams' SSO token (token), or a uri.
public sealed record TokenExchangeRequest
{
    public string? Uri { get; init; }

    public string? Token { get; init; }
}

/// GetSignInResource's answer: the sign-in link and, for SSO-capable clients, the resource to exchange a token for.
public sealed record SignInResource
{
    public string? SignInLink { get; init; }

    public TokenExchangeResource? TokenExchangeResource { get; init; }

    public TokenPostResource? TokenPostResource { get; init; }
}

/// The OAuth connection's Entra app (uri is its Application ID URI, api://…): Teams gets a token for it silently.
public sealed record TokenExchangeResource
{
    public string? Id { get; init; }

    public string? Uri { get; init; }

    public string? ProviderId { get; init; }
}

public sealed record TokenPostResource
{
    public string? SasUrl { get; init; }
}

/// The state GetSignInResource takes, base64 JSON: which bot, connection and conversation the sign-in is for.
public sealed record TokenExchangeState
{
    public string? ConnectionName { get; init; }

    public ConversationReference? Conversation { get; init; }

    public ConversationReference? RelatesTo { get; init; }

    public string? MsAppId { get; init; }
}

/// The value of Teams' signin/tokenExchange invoke: the id of the OAuth card's exchange and the SSO token.
public sealed record TokenExchangeInvokeRequest
{
    public string? Id { get; init; }

    public string? ConnectionName { get; init; }

    public string? Token { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}

/// The body of the answer to signin/tokenExchange. A 412 with failureDetail tells Teams to show the card's sign-in
/// button instead (the user must consent first).
public sealed record TokenExchangeInvokeResponse
{
    public string? Id { get; init; }

    public string? ConnectionName { get; init; }

    public string? FailureDetail { get; init; }
}

/// application/vnd.microsoft.card.oauth: the card Teams turns into a silent SSO exchange (tokenExchangeResource),
/// or shows as a sign-in button (buttons[0], type signin, value the sign-in link).
public sealed record OAuthCard
{
    public const string ContentType = "application/vnd.microsoft.card.oauth";

    public string? Text { get; init; }

    public string? ConnectionName { get; init; }

    public IReadOnlyList<CardAction>? Buttons { get; init; }

    public TokenExchangeResource? TokenExchangeResource { get; init; }

    public TokenPostResource? TokenPostResource { get; init; }
}

/// The names of the invokes Teams sends during sign-in.
public static class SignInInvokeNames
{
    /// The OAuth card's SSO token, to exchange.
    public const string TokenExchange = "signin/tokenExchange";

    /// The sign-in link's flow finished; value.state is the magic code for GetToken.
    public const string VerifyState = "signin/verifyState";
}
