using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Storage;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Redis;

namespace SupportBot.Tests.Customers;

/// An erased customer's Direct Line conversation leaves the memory of every instance sharing Redis, not only of the
/// instance that erased it: none serves its transcript again.
public sealed class ErasureAcrossInstancesTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly List<AgentHost> _hosts = [];

    [Fact]
    public async Task No_instance_serves_an_erased_conversation_from_memory()
    {
        var settings = new Dictionary<string, string>
        {
            ["DirectLine:TokenSigningKey"] = "shared-signing-key-for-every-instance-0123456789",
            ["Redis:ConnectionString"] = _redis.ConnectionString,
        };
        var first = new AgentHost(_store, settings);
        var second = new AgentHost(_store, settings);
        _hosts.AddRange([first, second]);
        var chat = await first.CustomerAsync();
        (await chat.PostAsync(new { type = "message", from = new { id = "customer" }, text = "How do I reset my password?" })).EnsureSuccessStatusCode();
        await chat.WaitForAsync(a => a.From?.Role == "bot" && a.ReplyToId is not null);
        var transcript = $"/v3/directline/conversations/{chat.ConversationId}/activities";
        var onSecond = new DirectLineClient(second.Factory.CreateClient());
        // The second instance reads the conversation, and keeps it in memory.
        Assert.Equal(HttpStatusCode.OK, (await onSecond.SendAsync(HttpMethod.Get, transcript, credential: SupportBotFactory.TestSecret)).StatusCode);
        string customer;
        await using (var connection = await first.Factory.Services.GetRequiredService<Database>().OpenAsync())
        {
            customer = await connection.QuerySingleAsync<string>(
                "SELECT customer_id FROM touchpoints WHERE conversation_id = @id AND kind = 'customer_message'", new { id = chat.ConversationId });
        }
        var supervisor = first.Factory.CreateClient();
        supervisor.DefaultRequestHeaders.Add("X-Api-Key", AgentHost.SupervisorKey);

        (await supervisor.DeleteAsync($"/api/customers/{customer}")).EnsureSuccessStatusCode();

        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 100 && status != HttpStatusCode.NotFound; attempt++)
        {
            await Task.Delay(50);
            status = (await onSecond.SendAsync(HttpMethod.Get, transcript, credential: SupportBotFactory.TestSecret)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
        _store.Dispose();
        _redis.Dispose();
    }
}
