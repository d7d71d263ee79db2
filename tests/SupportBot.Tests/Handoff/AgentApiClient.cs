using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Agents;

namespace SupportBot.Tests.Handoff;

/// The agent API as a tool calls it, authenticated by one of the keys the tests configure.
internal sealed class AgentApiClient(HttpClient http, string? apiKey)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (apiKey is not null)
        {
            request.Headers.Add(ApiKeyAuthentication.Header, apiKey);
        }
        return http.SendAsync(request);
    }

    public async Task<List<HandoffView>> QueueAsync()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/agent/queue");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<HandoffView>>(Json))!;
    }

    public Task<HttpResponseMessage> ClaimAsync(string conversation) => SendAsync(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}/claim");

    public Task<HttpResponseMessage> ReplyAsync(string conversation, string text)
        => SendAsync(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}/messages", new { text });

    public Task<HttpResponseMessage> TransferAsync(string conversation, object body)
        => SendAsync(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}/transfer", body);

    public Task<HttpResponseMessage> ResolveAsync(string conversation) => SendAsync(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}/resolve");

    public async Task<TranscriptView> TranscriptAsync(string conversation)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}/transcript");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TranscriptView>(Json))!;
    }
}
