using System.Net;
using System.Text.Json;
using SupportBot.Customers;

namespace SupportBot.Tests.Customers;

/// A verified identity (Teams sign-in) belongs to the customer record: it follows a merge, is in the export, is
/// erased with the customer, and a repeated exchange id is claimed once.
public sealed class CustomerVerificationsTests(CustomerHost host) : IClassFixture<CustomerHost>
{
    [Fact]
    public async Task A_verification_follows_merges_is_exported_and_is_erased_with_the_customer()
    {
        var objectId = Guid.NewGuid().ToString();
        var teams = await host.Get<CustomerStore>().ResolveAsync(new CustomerIdentity(CustomerIdentity.Aad, objectId));
        var web = await host.Get<CustomerStore>().ResolveAsync(new CustomerIdentity("directline", $"dl_{Guid.NewGuid():N}"));
        var verifications = host.Get<CustomerVerifications>();
        await verifications.SaveAsync(teams, new VerifiedIdentity(objectId, "tenant", "ana@contoso.com", "Ana", "msteams", host.Factory.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, (await host.MergeAsync(CustomerHost.SupervisorKey, web, teams)).StatusCode);
        var survivor = (await host.Get<CustomerStore>().FindAsync(teams))!;
        Assert.Equal("Ana <ana@contoso.com>", (await verifications.FindAsync(survivor))?.Display);

        var export = JsonDocument.Parse(await host.Client(CustomerHost.SupervisorKey).GetStringAsync($"/api/customers/{survivor}/export")).RootElement;
        Assert.Equal(objectId, Assert.Single(export.GetProperty("verifications").EnumerateArray()).GetProperty("object_id").GetString());

        Assert.Equal(HttpStatusCode.OK, (await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{survivor}")).StatusCode);
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM customer_verifications WHERE object_id = @objectId", new { objectId }));
    }

    [Fact]
    public async Task An_exchange_id_is_claimed_once()
    {
        var verifications = host.Get<CustomerVerifications>();
        var id = $"msteams/a:1/{Guid.NewGuid()}";

        Assert.True(await verifications.ClaimExchangeAsync(id, host.Factory.Clock.GetUtcNow()));
        Assert.False(await verifications.ClaimExchangeAsync(id, host.Factory.Clock.GetUtcNow()));
    }
}
