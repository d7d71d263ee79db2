using Microsoft.IdentityModel.Tokens;

namespace SupportBot.BotFramework.Authentication;

/// A signing key from a JWKS with the channels it is endorsed for (Bot Framework keys list them; an empty
/// list means the key is not restricted).
public sealed record EndorsedKey(JsonWebKey Key, IReadOnlyList<string> Endorsements);
