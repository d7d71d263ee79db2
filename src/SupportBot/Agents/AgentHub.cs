using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace SupportBot.Agents;

/// The consoles' live feed (HandoffNotifier pushes through it). Consoles only listen and ping: everything an agent
/// does goes through the agent API, so the API stays the one place where the handoff rules are enforced.
[Authorize(Policy = AgentApi.Policy)]
internal sealed class AgentHub(AgentPresence presence, IServiceProvider services) : Hub
{
    public const string Path = "/agent/hub";

    public override Task OnConnectedAsync()
    {
        presence.Connected(AgentId);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        presence.Disconnected(AgentId);
        return base.OnDisconnectedAsync(exception);
    }

    /// The console pings every minute, well within AgentPresence.Window. The connection outlives the cookie check of
    /// the request that opened it, so a ping also checks the session: one a supervisor ended is disconnected.
    public async Task Ping()
    {
        if (await ConsoleSessions.RefusalAsync(Context.User!, services, Context.ConnectionAborted) is not null)
        {
            Context.Abort();
            return;
        }
        presence.Seen(AgentId);
    }

    private string AgentId => AgentApi.Agent(Context.User!).Id;
}
