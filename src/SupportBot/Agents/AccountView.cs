namespace SupportBot.Agents;

/// A console account as supervisors manage it: EntraId accounts sign in with Microsoft only, so have no password.
internal sealed record AccountView(string Id, string Name, string Role, bool Disabled, bool EntraId);
