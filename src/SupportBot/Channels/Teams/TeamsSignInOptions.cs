namespace SupportBot.Channels.Teams;

/// Teams single sign-on policy (the "TeamsSignIn" section). Sign-in itself is on when Bot:OAuthConnectionName
/// names the Azure Bot's OAuth connection.
internal sealed class TeamsSignInOptions
{
    public const string Section = "TeamsSignIn";

    /// A Teams customer asking for something done on their account (cancel an order, a refund, a booking) signs in
    /// first, so the agent who acts on it knows who they are. Other channels are not affected.
    public bool RequireForAccountActions { get; set; }
}
