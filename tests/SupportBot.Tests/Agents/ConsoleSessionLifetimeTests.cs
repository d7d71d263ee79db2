using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// A console cookie slides while it is used, but a sign-in lasts at most Agents:SessionAbsoluteHours (12 by default);
/// and a supervisor's change to an account reaches the other instances within Agents:SessionRecheckSeconds.
public sealed class ConsoleSessionLifetimeTests
{
    [Fact]
    public async Task A_cookie_that_kept_sliding_is_refused_once_the_sign_in_is_older_than_the_absolute_lifetime()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Agents:Admin:Id"] = AgentHost.AdminId;
        factory.Settings["Agents:Admin:Password"] = AgentHost.AdminPassword;
        var console = await new ConsoleClient(factory).SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);

        factory.Clock.Advance(TimeSpan.FromHours(6));
        var renewed = await console.GetAsync("/api/agent/queue");
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        // Past half its sliding lifetime the cookie is issued again: the cookie handler runs on the test's clock.
        Assert.True(renewed.Headers.Contains("Set-Cookie"), "The cookie was not renewed.");
        factory.Clock.Advance(TimeSpan.FromHours(5.5));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/api/agent/queue")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Null((await console.SessionAsync()).Agent);
    }

    [Fact]
    public async Task Another_instance_refuses_a_disabled_accounts_cookie_within_the_recheck_interval()
    {
        using var store = new TestStore();
        using var changed = new SupportBotFactory { Store = store };
        using var other = new SupportBotFactory { Store = store };
        other.Settings["Agents:SessionRecheckSeconds"] = "30";
        var accounts = changed.Services.GetRequiredService<AgentAccountStore>();
        Assert.True(await accounts.CreateAsync("budi", "Budi", "agent", "budi-password-123", CancellationToken.None));
        var budi = await new ConsoleClient(other).SignedInAsync("budi", "budi-password-123");
        Assert.Equal(HttpStatusCode.OK, (await budi.GetAsync("/api/agent/queue")).StatusCode);

        Assert.True(await accounts.SetDisabledAsync("budi", true, CancellationToken.None));
        // The other instance read the account a moment ago and trusts that read for the interval.
        other.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HttpStatusCode.OK, (await budi.GetAsync("/api/agent/queue")).StatusCode);
        other.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await budi.GetAsync("/api/agent/queue")).StatusCode);
    }
}
