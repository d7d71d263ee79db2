using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Customers;
using SupportBot.Tests.Customers;

namespace SupportBot.Tests.Touchpoints;

/// Other systems post purchases, tickets, calls... to /api/touchpoints with their own API key; every field is
/// checked, retries are safe, and the touchpoints land on the customer their identities name.
public sealed class ExternalTouchpointsApiTests(CustomerHost host) : IClassFixture<CustomerHost>
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    private static JsonObject Purchase(string customerId, decimal amount = 49.90m) => new()
    {
        ["customerId"] = customerId,
        ["kind"] = "purchase",
        ["occurredAt"] = "2026-03-01T14:30:00+07:00",
        ["source"] = "shop",
        ["summary"] = "Lumora Hub starter kit",
        ["amount"] = amount,
        ["currency"] = "EUR",
        ["attributes"] = new JsonObject { ["orderId"] = "A-1001", ["items"] = 2 },
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Only_the_touchpoint_keys_are_accepted()
    {
        var body = Purchase($"email:{Unique()}@example.com").ToJsonString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostTouchpointsAsync(body, apiKey: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostTouchpointsAsync(body, apiKey: "wrong-key-0123456789-abc")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostTouchpointsAsync(body, apiKey: CustomerHost.AgentKey)).StatusCode);
        var refused = await host.PostTouchpointsAsync(body, apiKey: CustomerHost.SupervisorKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, (await host.PostTouchpointsAsync(body)).StatusCode);
    }

    [Fact]
    public async Task A_purchase_is_stored_with_its_amount_and_attributes_on_the_customer_its_identity_names()
    {
        var email = $"{Unique()}@example.com";
        var response = await host.PostTouchpointsAsync(Purchase($"email:{email.ToUpperInvariant()}").ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var posted = (await JsonAsync(response)).GetProperty("touchpoints")[0];
        var customer = posted.GetProperty("customerId").GetString()!;
        Assert.Equal(customer, await host.Get<CustomerStore>().FindAsync($"email:{email}", allowIdentity: true));
        Assert.Equal(1, await host.CountAsync(
            """
            SELECT COUNT(*) FROM touchpoints WHERE id = @id AND customer_id = @customer AND kind = 'purchase' AND channel = 'external'
              AND source = 'shop' AND amount = 49.9 AND currency = 'EUR' AND occurred_at = '2026-03-01T07:30:00.0000000Z'
              AND text = 'Lumora Hub starter kit' AND attributes = '{"orderId":"A-1001","items":2}'
            """,
            new { id = posted.GetProperty("id").GetInt64(), customer }));
    }

    [Fact]
    public async Task A_touchpoint_naming_an_email_and_a_crm_id_merges_their_customers()
    {
        var (email, crm) = ($"email:{Unique()}@example.com", $"crm:C-{Unique()}");
        var first = (await JsonAsync(await host.PostTouchpointsAsync(Purchase(email).ToJsonString()))).GetProperty("touchpoints")[0].GetProperty("customerId").GetString();
        // The host's clock stands still; the e-mail's customer must be the older of the two.
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var ticket = new JsonObject { ["customerId"] = crm, ["kind"] = "ticket", ["occurredAt"] = "2026-03-02T09:00:00Z", ["source"] = "helpdesk", ["summary"] = "Hub offline" };
        var second = (await JsonAsync(await host.PostTouchpointsAsync(ticket.ToJsonString()))).GetProperty("touchpoints")[0].GetProperty("customerId").GetString();
        Assert.NotEqual(first, second);

        var call = new JsonObject { ["customerId"] = crm, ["identities"] = new JsonArray(email), ["kind"] = "call", ["occurredAt"] = "2026-03-03T09:00:00Z", ["source"] = "phone" };
        var merged = (await JsonAsync(await host.PostTouchpointsAsync(call.ToJsonString()))).GetProperty("touchpoints")[0].GetProperty("customerId").GetString();

        Assert.Equal(first, merged);
        Assert.Equal(3, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @first", new { first }));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @second", new { second }));
    }

    [Fact]
    public async Task A_retried_post_is_stored_once_and_answered_the_same_and_a_reused_key_is_refused()
    {
        var body = new JsonArray(Purchase($"crm:C-{Unique()}"), Purchase($"crm:C-{Unique()}", 10m)).ToJsonString();
        var key = Unique();
        var first = await host.PostTouchpointsAsync(body, idempotencyKey: key);
        var retry = await host.PostTouchpointsAsync(body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        var customer = (await JsonAsync(first)).GetProperty("touchpoints")[0].GetProperty("customerId").GetString();
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer", new { customer }));

        var reused = await host.PostTouchpointsAsync(new JsonArray(Purchase($"crm:C-{Unique()}")).ToJsonString(), idempotencyKey: key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);

        // Without a key the same facts are still recognised: nothing is stored twice.
        var again = await JsonAsync(await host.PostTouchpointsAsync(body));
        Assert.Equal(0, again.GetProperty("stored").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer", new { customer }));
    }

    [Fact]
    public async Task Every_invalid_field_of_every_item_is_named_and_nothing_is_stored()
    {
        var source = $"bad-{Unique()}";
        var body = new JsonArray(
            new JsonObject { ["customerId"] = "no colon", ["kind"] = "teleport", ["occurredAt"] = "2026-03-01 14:30", ["source"] = source },
            new JsonObject { ["customerId"] = "crm:C-1", ["kind"] = "call", ["occurredAt"] = "2026-03-01T14:30:00Z", ["source"] = source, ["amount"] = 5, ["currency"] = "euro", ["colour"] = "red" },
            Purchase("crm:C-2").Also(p => p.Remove("currency")),
            new JsonObject { ["kind"] = "email", ["occurredAt"] = "2126-03-01T14:30:00Z", ["summary"] = 12, ["attributes"] = "x" },
            "not an object").ToJsonString();

        var response = await host.PostTouchpointsAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["[0].customerId", "[0].kind", "[0].occurredAt", "[1].amount", "[1].colour", "[1].currency", "[2].currency",
             "[3].attributes", "[3].customerId", "[3].occurredAt", "[3].source", "[3].summary", "[4]"],
            errors);
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE source = @source", new { source }));
    }

    [Fact]
    public async Task Batches_and_bodies_beyond_the_limits_and_unknown_customers_are_refused()
    {
        var tooMany = new JsonArray([.. Enumerable.Range(0, CustomerHost.MaxBatch + 1).Select(i => (JsonNode)Purchase($"crm:C-{i}"))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.PostTouchpointsAsync(tooMany.ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostTouchpointsAsync("[]")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostTouchpointsAsync("{\"kind\":")).StatusCode);
        var padded = Purchase("crm:C-1").ToJsonString().Insert(1, new string(' ', CustomerHost.MaxBodyBytes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.PostTouchpointsAsync(padded)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.PostTouchpointsAsync(Purchase("cus_nobody").ToJsonString())).StatusCode);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
