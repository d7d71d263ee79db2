using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// The host with a seeded supervisor account for the console and one API key per role, on real time (the hub and
/// the cookie handler run on the real clock).
public sealed class AgentHost : IDisposable
{
    public const string AdminId = "lead";
    public const string AdminName = "Lena Lead";
    public const string AdminPassword = "correct horse battery";
    public const string AgentKey = "agent-key-0123456789-dewi";
    public const string SupervisorKey = "supervisor-key-0123456789";

    public AgentHost()
        : this(null, new Dictionary<string, string>())
    {
    }

    /// One of several instances: hosts given the same store and settings (Redis) act as one deployment.
    internal AgentHost(TestStore? store, IReadOnlyDictionary<string, string> settings)
    {
        Factory = store is null ? new SupportBotFactory { UseFakeClock = false } : new SupportBotFactory { UseFakeClock = false, Store = store };
        Factory.Settings["Agents:Admin:Id"] = AdminId;
        Factory.Settings["Agents:Admin:Name"] = AdminName;
        Factory.Settings["Agents:Admin:Password"] = AdminPassword;
        Factory.Settings["Agents:ApiKeys:0:Key"] = AgentKey;
        Factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
        Factory.Settings["Agents:ApiKeys:0:Name"] = "Dewi";
        Factory.Settings["Agents:ApiKeys:0:Role"] = "agent";
        Factory.Settings["Agents:ApiKeys:1:Key"] = SupervisorKey;
        Factory.Settings["Agents:ApiKeys:1:Agent"] = "sari";
        Factory.Settings["Agents:ApiKeys:1:Role"] = "supervisor";
        foreach (var (key, value) in settings)
        {
            Factory.Settings[key] = value;
        }
        _ = Factory.Server;
    }

    public SupportBotFactory Factory { get; }

    /// A host on the factory's fake clock (SLA targets, ticket ages) whose API key (AgentKey) is dewi's, in the role
    /// given: for tests that drive the agent API alone, without the console.
    internal static SupportBotFactory FactoryWithAgentKey(string role = AgentIdentity.AgentRole)
    {
        var factory = new SupportBotFactory();
        factory.Settings["Agents:ApiKeys:0:Key"] = AgentKey;
        factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
        factory.Settings["Agents:ApiKeys:0:Name"] = "Dewi";
        factory.Settings["Agents:ApiKeys:0:Role"] = role;
        return factory;
    }

    /// A Web Chat customer on the host's Direct Line.
    /// A customer in Web Chat; an agent is online (the console is open), so asking for a person queues.
    internal async Task<DirectLineClient> CustomerAsync()
    {
        Factory.Services.GetRequiredService<SupportBot.Agents.AgentPresence>().Seen("agent-on-duty");
        var customer = new DirectLineClient(Factory.CreateClient());
        await customer.StartAsync();
        return customer;
    }

    /// Posts as the customer and waits until the bot has handled it.
    internal async Task SayAsync(DirectLineClient customer, string text, string type = "message")
    {
        var response = await customer.PostAsync(new { type, from = new { id = "customer" }, text });
        response.EnsureSuccessStatusCode();
        await Factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    public void Dispose() => Factory.Dispose();
}
