using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Creates the first supervisor from `Agents:Admin` so a new install can sign in and create the other accounts.
/// An existing account is left as it is: changing the setting later never resets a password someone changed.
internal sealed partial class AgentAccountSeeder(AgentAccountStore accounts, IOptions<AgentOptions> options, ILogger<AgentAccountSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value.Admin;
        if (admin.Password.Length == 0)
        {
            return;
        }
        var name = string.IsNullOrWhiteSpace(admin.Name) ? admin.Id : admin.Name.Trim();
        if (await accounts.CreateAsync(admin.Id, name, AgentIdentity.SupervisorRole, admin.Password, cancellationToken))
        {
            LogSeeded(logger, admin.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the supervisor account {AgentId} from Agents:Admin")]
    private static partial void LogSeeded(ILogger logger, string agentId);
}
