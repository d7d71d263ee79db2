using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupportBot.Benchmarks.Soak;

/// An agent working the queue through the agent API with an API key, as a tool would: takes waiting
/// conversations (two agents race for each one; the loser gets 409), replies with a note the customer must see
/// once, and resolves, which sends the customer the survey.
internal sealed class SoakAgent(HttpClient http, string baseUrl, string apiKey, SoakLedger ledger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var conversation in await WaitingAsync())
                {
                    await HandleAsync(conversation);
                }
                await Task.Delay(Poll, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex)
            {
                ledger.Count($"agent client errors: {ex.GetType().Name}");
            }
        }
    }

    private async Task<List<(string Conversation, string Channel)>> WaitingAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/agent/queue", null);
        ledger.Status("agent queue", response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }
        var queue = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. queue.EnumerateArray().Where(h => h.GetProperty("state").GetString() == "queued")
            .Select(h => (h.GetProperty("conversationId").GetString()!, h.GetProperty("channel").GetString() == "directline" ? "dl" : "bf"))];
    }

    private async Task HandleAsync((string Conversation, string Channel) waiting)
    {
        var (conversation, channel) = waiting;
        var path = $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}";
        using (var claim = await SendAsync(HttpMethod.Post, path + "/claim", null))
        {
            ledger.Status("agent claim", claim.StatusCode);
            if (!claim.IsSuccessStatusCode)
            {
                return;
            }
        }
        var token = Guid.NewGuid().ToString("N")[..SoakLedger.NoteTokenLength];
        using (var reply = await SendAsync(HttpMethod.Post, path + "/messages", new { text = $"{SoakLedger.AgentNoteMarker}{token}: I have reset the hub's pairing from our side." }))
        {
            ledger.Status("agent reply", reply.StatusCode);
            if (reply.StatusCode == HttpStatusCode.OK)
            {
                ledger.Conversation(conversation, channel).NoteSent(token);
            }
        }
        await Task.Delay(Poll);
        using var resolve = await SendAsync(HttpMethod.Post, path + "/resolve", null);
        ledger.Status("agent resolve", resolve.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, baseUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", apiKey);
        return await http.SendAsync(request);
    }
}
