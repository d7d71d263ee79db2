using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Touchpoints;

/// Touchpoints of a kind with a retention setting are deleted once older than its days; other kinds and younger
/// rows stay.
public sealed class RetentionTests
{
    [Fact]
    public async Task Only_rows_older_than_their_kinds_limit_are_deleted()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Touchpoints:Retention:customer_message"] = "30";
        factory.Settings["Touchpoints:Retention:purchase"] = "365";
        _ = factory.Server;
        var store = factory.Services.GetRequiredService<TouchpointStore>();
        var now = factory.Clock.GetUtcNow();
        (string Kind, int DaysAgo)[] rows = [("customer_message", 31), ("customer_message", 29), ("purchase", 400), ("purchase", 100), ("bot_answer", 1000)];
        foreach (var (kind, daysAgo) in rows)
        {
            await store.AppendAsync(new Touchpoint
            {
                OccurredAt = now.AddDays(-daysAgo),
                ConversationId = "c1",
                Channel = "test",
                CustomerId = "cus_retention",
                Kind = kind,
                Text = $"{kind} {daysAgo}",
            });
        }

        var deleted = await factory.Services.GetRequiredService<TouchpointRetention>().RunOnceAsync();

        Assert.Equal(new Dictionary<string, int> { ["customer_message"] = 1, ["purchase"] = 1 }, deleted);
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        var left = (await connection.QueryAsync<string>("SELECT text FROM touchpoints WHERE customer_id = 'cus_retention' ORDER BY id")).ToList();
        Assert.Equal(["customer_message 29", "purchase 100", "bot_answer 1000"], left);
        Assert.Equal("customer_message=1 purchase=1", await connection.ExecuteScalarAsync<string>("SELECT detail FROM privacy_audit WHERE action = 'retention'"));
    }
}
