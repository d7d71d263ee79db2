using System.ComponentModel.DataAnnotations;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The `Agents` section: who may use the agent API and console.
internal sealed class AgentOptions : IValidatableObject
{
    public const string Section = "Agents";
    public const int MinPasswordLength = 10;

    /// Keys for tools and scripts, sent as X-Api-Key; each acts as one agent with one role.
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// The first console account (a supervisor), created at start when it does not exist yet.
    public AdminAccountOptions Admin { get; set; } = new();

    /// The account ids that manage supervisors (create, re-role, disable, delete, reset, sign out); other
    /// supervisors manage agents only. Empty: the Agents:Admin account alone.
    public List<string> Owners { get; set; } = [];

    /// Microsoft Entra ID sign-in for the console; off while ClientId is empty.
    public EntraIdOptions EntraId { get; set; } = new();

    /// How long a console sign-in lasts however busy it is kept: the cookie slides while used, never past this.
    [Range(0.01, 24 * 30)]
    public double SessionAbsoluteHours { get; set; } = 12;

    /// How often a console cookie's account is read again (exists, enabled, role, sessions not ended); 0: on every
    /// request. An instance sees its own changes at once; other instances within this interval.
    [Range(0, 3600)]
    public int SessionRecheckSeconds { get; set; } = 30;

    public bool IsOwner(string id)
        => (Owners.Count == 0 ? [Admin.Id] : Owners).Any(owner => string.Equals(owner.Trim(), id, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            if (key.Key.Length < 16)
            {
                yield return new ValidationResult($"Agents:ApiKeys:{i}:Key must be at least 16 characters.", [nameof(ApiKeys)]);
            }
            if (string.IsNullOrWhiteSpace(key.Agent))
            {
                yield return new ValidationResult($"Agents:ApiKeys:{i}:Agent must name the agent the key acts as.", [nameof(ApiKeys)]);
            }
            if (key.Role is not (AgentIdentity.AgentRole or AgentIdentity.SupervisorRole))
            {
                yield return new ValidationResult($"Agents:ApiKeys:{i}:Role must be '{AgentIdentity.AgentRole}' or '{AgentIdentity.SupervisorRole}'.", [nameof(ApiKeys)]);
            }
        }
        if (Admin.Password.Length > 0 && !AgentAccount.IsValidId(Admin.Id))
        {
            yield return new ValidationResult("Agents:Admin:Id must be set (letters, digits, '.', '_', '-', '@') when Agents:Admin:Password is.", [nameof(Admin)]);
        }
        if (Admin.Password.Length is > 0 and < MinPasswordLength)
        {
            yield return new ValidationResult($"Agents:Admin:Password must be at least {MinPasswordLength} characters (or empty: no seeded account).", [nameof(Admin)]);
        }
        if (EntraId.Enabled && (string.IsNullOrWhiteSpace(EntraId.TenantId) || string.IsNullOrWhiteSpace(EntraId.ClientSecret)))
        {
            yield return new ValidationResult("Agents:EntraId:TenantId and ClientSecret are required when Agents:EntraId:ClientId is set.", [nameof(EntraId)]);
        }
    }
}

internal sealed class ApiKeyOptions
{
    public string Key { get; set; } = string.Empty;
    public string Agent { get; set; } = string.Empty;
    public string Role { get; set; } = AgentIdentity.AgentRole;
    /// How the customer sees the agent ("Dewi from our support team has joined"); the agent id when empty.
    public string Name { get; set; } = string.Empty;
}

internal sealed class AdminAccountOptions
{
    public string Id { get; set; } = "admin";
    public string Name { get; set; } = "Administrator";
    /// Empty: no account is seeded.
    public string Password { get; set; } = string.Empty;
}

internal sealed class EntraIdOptions
{
    public string Instance { get; set; } = "https://login.microsoftonline.com/";
    public string TenantId { get; set; } = string.Empty;
    public string ClientId { get; set; } = string.Empty;
    public string ClientSecret { get; set; } = string.Empty;

    /// Microsoft Graph, where a console user's app roles and account state are read again (EntraIdAppRoles).
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com";

    /// While Graph cannot be reached, a session keeps its last known role this long after the last good answer;
    /// then it ends until Graph answers again.
    [Range(0, 24 * 60)]
    public int GraphGraceMinutes { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
}
