using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// The host with a supervisor's and an agent's API key, for reading the analytics API over the journeys a test wrote.
public sealed class AnalyticsHost : IDisposable
{
    public const string SupervisorKey = "supervisor-key-analytics-0123";
    public const string AgentKey = "agent-key-analytics-0123456";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public AnalyticsHost()
    {
        Factory.Settings["Agents:ApiKeys:0:Key"] = SupervisorKey;
        Factory.Settings["Agents:ApiKeys:0:Agent"] = "sari";
        Factory.Settings["Agents:ApiKeys:0:Role"] = "supervisor";
        Factory.Settings["Agents:ApiKeys:1:Key"] = AgentKey;
        Factory.Settings["Agents:ApiKeys:1:Agent"] = "dewi";
        Factory.Settings["Agents:ApiKeys:1:Role"] = "agent";
        Factory.Settings["Knowledge:IngestOnStart"] = "false";
        _ = Factory.Server;
    }

    public SupportBotFactory Factory { get; } = new();

    internal async Task WriteAsync(params Journey[] journeys)
    {
        var store = Factory.Services.GetRequiredService<TouchpointStore>();
        foreach (var journey in journeys)
        {
            await journey.WriteAsync(store);
        }
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? apiKey = SupervisorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
        {
            request.Headers.Add(ApiKeyAuthentication.Header, apiKey);
        }
        return Factory.CreateClient().SendAsync(request);
    }

    internal async Task<T> DataAsync<T>(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var result = await response.Content.ReadFromJsonAsync<SupportBot.Analytics.AnalyticsResult<T>>(Json);
        return result!.Data;
    }

    public void Dispose() => Factory.Dispose();
}
