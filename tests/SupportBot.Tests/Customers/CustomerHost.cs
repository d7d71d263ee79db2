using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Storage;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Customers;

/// The host with an agent's and a supervisor's API key and one key for systems posting touchpoints, and ways to
/// have customers talk to the bot on any channel.
public sealed class CustomerHost : IDisposable
{
    public const string AgentKey = "agent-key-0123456789-dewi";
    public const string SupervisorKey = "supervisor-key-0123456789";
    public const string SourceKey = "crm-source-key-0123456789";
    public const int MaxBatch = 50;
    public const int MaxBodyBytes = 64 * 1024;

    public CustomerHost()
    {
        Factory.Settings["Agents:ApiKeys:0:Key"] = AgentKey;
        Factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
        Factory.Settings["Agents:ApiKeys:0:Role"] = "agent";
        Factory.Settings["Agents:ApiKeys:1:Key"] = SupervisorKey;
        Factory.Settings["Agents:ApiKeys:1:Agent"] = "sari";
        Factory.Settings["Agents:ApiKeys:1:Role"] = "supervisor";
        Factory.Settings["Touchpoints:ApiKeys:0"] = SourceKey;
        Factory.Settings["Touchpoints:MaxBatch"] = MaxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Factory.Settings["Touchpoints:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ = Factory.Server;
    }

    public SupportBotFactory Factory { get; } = new();

    public T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public HttpClient Client(string? apiKey)
    {
        var client = Factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }

    /// A customer's message on a channel, handled to the end.
    internal async Task SayAsync(string channel, string conversation, ChannelAccount from, string text)
    {
        var activity = CustomerMessages.Message(conversation, Guid.NewGuid().ToString("N"), text) with { ChannelId = channel, From = from };
        await Get<TurnDispatcher>().DispatchAsync(activity, new RecordingSender(), CancellationToken.None);
        await Get<ConversationLanes>().DrainAsync();
    }

    internal Task SayAsync(string conversation, string userId, string text, string channel = "directline")
        => SayAsync(channel, conversation, new ChannelAccount { Id = userId, Role = "user" }, text);

    internal async Task<string> CustomerOfAsync(string conversation)
        => (await Get<TouchpointStore>().GetConversationAsync(conversation)).First(t => t.Kind == TouchpointKind.CustomerMessage).CustomerId;

    internal async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    internal async Task<HttpResponseMessage> MergeAsync(string apiKey, params string[] customers)
        => await Client(apiKey).PostAsJsonAsync("/api/customers/merge", new { customers });

    /// Posts JSON to /api/touchpoints as a source system would.
    internal async Task<HttpResponseMessage> PostTouchpointsAsync(string json, string? apiKey = SourceKey, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/touchpoints") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await Client(apiKey).SendAsync(request);
    }

    public void Dispose() => Factory.Dispose();
}
