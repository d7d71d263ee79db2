using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Handoff;

namespace SupportBot.Tests.Agents;

/// AgentHost for the agent's working day (canned responses, notes, the transfer picker): a customer who gives their
/// name escalates, and the agents act through the API with their keys (dewi: agent, sari: supervisor).
public sealed class AgentWorkdayHost : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public AgentHost Agents { get; } = new(null, new Dictionary<string, string> { ["Handoff:Queues:0"] = "billing" });

    internal AgentApiClient Dewi() => new(Agents.Factory.CreateClient(), AgentHost.AgentKey);

    internal AgentApiClient Sari() => new(Agents.Factory.CreateClient(), AgentHost.SupervisorKey);

    /// A Web Chat customer (named, unless name is null) waiting in the queue.
    internal async Task<DirectLineClient> WaitingCustomerAsync(string? name)
    {
        var customer = await Agents.CustomerAsync();
        var response = await customer.PostAsync(new { type = "message", from = new { id = "customer", name }, text = "I'd like to talk to a person please" });
        response.EnsureSuccessStatusCode();
        await Agents.Factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return customer;
    }

    /// A named customer whose conversation dewi holds.
    internal async Task<DirectLineClient> CustomerWithDewiAsync(string? name = "Budi Santoso")
    {
        var customer = await WaitingCustomerAsync(name);
        (await Dewi().ClaimAsync(customer.ConversationId)).EnsureSuccessStatusCode();
        return customer;
    }

    internal static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// A refusal: its status and a problem+json body with a title and detail.
    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public void Dispose() => Agents.Dispose();
}
