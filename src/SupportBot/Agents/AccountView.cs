namespace SupportBot.Agents;

/// A console account as supervisors manage it: EntraId accounts sign in with Microsoft only, so have no password.
/// YouMayChange: whether the supervisor asking may change it (supervisors' accounts are the owners' to change).
internal sealed record AccountView(string Id, string Name, string Role, bool Disabled, bool EntraId, bool YouMayChange = true);
