using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Handoff;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Redis;

/// Two agents on two instances claim the same waiting conversation at the same moment: exactly one gets it, the
/// other a 409 problem naming who has it. The claim is one conditional UPDATE in the shared store (state must still
/// be 'queued', and only an update of one row wins), so no lock is needed; the unit-pg suite runs this on PostgreSQL,
/// where concurrent updates of one row wait for each other and re-check the condition.
public sealed class ClaimsAcrossInstancesTests : IDisposable
{
    private const string OtherAgentKey = "agent-key-0123456789-budi";
    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly AgentHost _first;
    private readonly AgentHost _second;

    public ClaimsAcrossInstancesTests()
    {
        var settings = new Dictionary<string, string>
        {
            ["Redis:ConnectionString"] = _redis.ConnectionString,
            ["DirectLine:TokenSigningKey"] = "shared-signing-key-for-every-instance-0123456789",
            ["Agents:ApiKeys:2:Key"] = OtherAgentKey,
            ["Agents:ApiKeys:2:Agent"] = "budi",
            ["Agents:ApiKeys:2:Role"] = "agent",
        };
        _first = new AgentHost(_store, settings);
        _second = new AgentHost(_store, settings);
    }

    [Fact]
    public async Task Of_two_agents_claiming_on_two_instances_at_once_exactly_one_gets_the_conversation()
    {
        for (var round = 0; round < 4; round++)
        {
            var customer = await _first.CustomerAsync();
            await _first.SayAsync(customer, "talk to a person");
            var dewi = new AgentApiClient(_first.Factory.CreateClient(), AgentHost.AgentKey);
            var budi = new AgentApiClient(_second.Factory.CreateClient(), OtherAgentKey);

            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? dewi : budi).ClaimAsync(customer.ConversationId)));

            var won = claims.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var winner = Assert.Single((await Task.WhenAll(won.Select(async r =>
                JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("agentId").GetString()))).Distinct());
            var lost = claims.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            // The winner's repeated claims succeed (idempotent); every claim of the other agent is the conflict.
            Assert.Equal(4, lost.Count);
            foreach (var response in lost)
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal($"Agent '{winner}' already has the conversation.", problem.GetProperty("detail").GetString());
            }
            var log = await _second.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId);
            Assert.Equal(winner, Assert.Single(log, t => t.Kind == TouchpointKind.Claimed).AgentId);
            Assert.Single(await customer.BotActivitiesAsync(), a => a.Text?.Contains("has joined the conversation", StringComparison.Ordinal) == true);
        }
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _store.Dispose();
        _redis.Dispose();
    }
}
