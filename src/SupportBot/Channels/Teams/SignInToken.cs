using Microsoft.IdentityModel.JsonWebTokens;
using SupportBot.Customers;

namespace SupportBot.Channels.Teams;

/// Who a user token from the Bot Framework Token Service names. Its signature is not checked here: the token is
/// for the OAuth connection's API, not the bot, and it came from the token service in the answer to a call
/// authenticated with the bot's own token over https, which is what vouches for it.
internal static class SignInToken
{
    public static VerifiedIdentity? Read(string token, string channel, DateTimeOffset now)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (Claim(jwt, "oid") is not { } objectId)
        {
            return null;
        }
        var email = Claim(jwt, "email") ?? Claim(jwt, "preferred_username") ?? Claim(jwt, "upn") ?? Claim(jwt, "unique_name");
        return new VerifiedIdentity(objectId.ToLowerInvariant(), Claim(jwt, "tid"), email?.ToLowerInvariant(), Claim(jwt, "name"), channel, now);
    }

    private static string? Claim(JsonWebToken jwt, string type)
        => jwt.TryGetPayloadValue<string>(type, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
