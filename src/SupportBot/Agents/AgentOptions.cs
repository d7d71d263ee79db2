using System.ComponentModel.DataAnnotations;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The `Agents` section: who may use the agent API and console.
internal sealed class AgentOptions : IValidatableObject
{
    public const string Section = "Agents";

    /// Keys for tools and scripts, sent as X-Api-Key; each acts as one agent with one role.
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

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
