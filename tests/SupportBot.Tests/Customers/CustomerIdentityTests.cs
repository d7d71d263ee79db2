using System.Net;
using System.Text.Json;
using SupportBot.BotFramework.Schema;
using SupportBot.Customers;

namespace SupportBot.Tests.Customers;

/// Every touchpoint names the customer, not the channel account: one person keeps one customer id across visits
/// and, once their identities are known to be one, across channels.
public sealed class CustomerIdentityTests(CustomerHost host) : IClassFixture<CustomerHost>
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_web_chat_visitor_is_one_customer_across_visits_and_another_visitor_is_not()
    {
        var visitor = $"dl_{NewId()}";
        var (first, second, other) = (NewId(), NewId(), NewId());
        await host.SayAsync(first, visitor, "How do I reset my password?");
        await host.SayAsync(second, visitor, "How long does a refund take?");
        await host.SayAsync(other, $"dl_{NewId()}", "How do I reset my password?");

        var customer = await host.CustomerOfAsync(first);
        Assert.StartsWith(CustomerReference.IdPrefix, customer, StringComparison.Ordinal);
        Assert.Equal(customer, await host.CustomerOfAsync(second));
        Assert.NotEqual(customer, await host.CustomerOfAsync(other));
        // The bot's answers in the conversation carry the same customer as the messages.
        Assert.Equal(2, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer AND kind = 'bot_answer'", new { customer }));
        Assert.Equal([new CustomerIdentity("directline", visitor)], await host.Get<CustomerStore>().IdentitiesAsync(customer));
    }

    [Fact]
    public async Task A_new_identity_seen_by_several_requests_at_once_is_one_customer()
    {
        var identity = new CustomerIdentity("directline", $"dl_{NewId()}");
        var before = await host.CountAsync("SELECT COUNT(*) FROM customers");

        var resolved = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Get<CustomerStore>().ResolveAsync(identity))));

        Assert.Single(resolved.Distinct());
        Assert.Equal(before + 1, await host.CountAsync("SELECT COUNT(*) FROM customers"));
    }

    [Fact]
    public async Task A_teams_user_is_known_by_their_aad_object_id_in_every_chat()
    {
        var aad = Guid.NewGuid().ToString();
        var (personal, team) = (NewId(), NewId());
        // Teams gives the same person different account ids in different places; the AAD object id stays.
        await host.SayAsync(ChannelIds.Msteams, personal, new ChannelAccount { Id = $"29:{NewId()}", AadObjectId = aad.ToUpperInvariant() }, "How do I reset my password?");
        await host.SayAsync(ChannelIds.Msteams, team, new ChannelAccount { Id = $"29:{NewId()}", AadObjectId = aad }, "How long does a refund take?");

        var customer = await host.CustomerOfAsync(personal);
        Assert.Equal(customer, await host.CustomerOfAsync(team));
        Assert.Equal([new CustomerIdentity(CustomerIdentity.Aad, aad)], await host.Get<CustomerStore>().IdentitiesAsync(customer));
    }

    [Fact]
    public async Task A_supervisor_merges_two_customers_into_the_older_and_merging_again_changes_nothing()
    {
        var (visitor, aad) = ($"dl_{NewId()}", Guid.NewGuid().ToString());
        var (web, teams) = (NewId(), NewId());
        await host.SayAsync(web, visitor, "How do I reset my password?");
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.SayAsync(ChannelIds.Msteams, teams, new ChannelAccount { Id = $"29:{NewId()}", AadObjectId = aad }, "How long does a refund take?");
        var (older, newer) = (await host.CustomerOfAsync(web), await host.CustomerOfAsync(teams));
        Assert.NotEqual(older, newer);
        var audited = await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE action = 'merge'");

        var merged = await host.MergeAsync(CustomerHost.SupervisorKey, $"aad:{aad}", older, "email:Ana@Example.com");

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        using var body = JsonDocument.Parse(await merged.Content.ReadAsStringAsync());
        Assert.Equal(older, body.RootElement.GetProperty("customerId").GetString());
        Assert.Equal([newer], body.RootElement.GetProperty("merged").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(older, await host.CustomerOfAsync(teams));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @newer", new { newer }));
        Assert.Equal(
            [new CustomerIdentity("directline", visitor), new CustomerIdentity(CustomerIdentity.Aad, aad), new CustomerIdentity("email", "ana@example.com")],
            await host.Get<CustomerStore>().IdentitiesAsync(older));
        // The absorbed id still finds the person; the next Teams message lands on the survivor.
        Assert.Equal(older, await host.Get<CustomerStore>().FindAsync(newer));
        await host.SayAsync(ChannelIds.Msteams, teams, new ChannelAccount { Id = "29:another", AadObjectId = aad }, "thanks");
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @newer", new { newer }));
        // The audit row says what happened, never to whom.
        Assert.Equal(audited + 1, await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE action = 'merge'"));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE detail LIKE @p OR detail LIKE @q", new { p = $"%{older}%", q = $"%{newer}%" }));

        var again = await host.MergeAsync(CustomerHost.SupervisorKey, newer, $"directline:{visitor}");
        using var againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(older, againBody.RootElement.GetProperty("customerId").GetString());
        Assert.Empty(againBody.RootElement.GetProperty("merged").EnumerateArray());
        Assert.Equal(audited + 1, await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE action = 'merge'"));
    }

    [Fact]
    public async Task Merging_is_for_supervisors_and_names_bad_references()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await host.MergeAsync(CustomerHost.AgentKey, "email:a@example.com", "crm:C-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.MergeAsync("not-a-key-at-all-0123", "email:a@example.com", "crm:C-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.MergeAsync(CustomerHost.SupervisorKey, "cus_nobody", "crm:C-1")).StatusCode);

        var invalid = await host.MergeAsync(CustomerHost.SupervisorKey, "email:not-an-address", "Bad Kind:x", "crm:C-2");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var problem = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["customers[0]", "customers[1]"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
