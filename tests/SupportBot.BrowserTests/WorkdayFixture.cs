namespace SupportBot.BrowserTests;

/// The host of the agent's working day: round robin with one seat per agent, and a first-response target whose
/// warning comes 6 s after queueing (1% of 10 minutes), so a test sees the warning without waiting for the target.
public sealed class WorkdayFixture : IAsyncLifetime
{
    public WebChatFixture Inner { get; } = new();

    public async Task InitializeAsync()
    {
        Inner.Server.Settings["Routing:Mode"] = "roundRobin";
        Inner.Server.Settings["Routing:DefaultCapacity"] = "1";
        Inner.Server.Settings["Sla:FirstResponseMinutes"] = "10";
        Inner.Server.Settings["Sla:WarnAtPercent"] = "1";
        await Inner.InitializeAsync();
    }

    public Task DisposeAsync() => Inner.DisposeAsync();
}
