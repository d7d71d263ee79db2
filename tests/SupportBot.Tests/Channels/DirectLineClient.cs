using System.Net.Http.Headers;
using System.Net.Http.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.Channels;

/// A minimal Direct Line client over the test server, speaking the wire format as Web Chat does.
internal sealed class DirectLineClient(HttpClient http)
{
    public string Token { get; private set; } = string.Empty;

    public string ConversationId { get; private set; } = string.Empty;

    public string? StreamUrl { get; private set; }

    /// The page the requests come from, as a browser sends it; null sends none.
    public string? Origin { get; set; }

    /// Gets a page token (with the body an embedding page sends: user token, anonymous id) and starts its conversation.
    public async Task<HttpResponseMessage> StartAsync(object? tokenRequest = null)
    {
        var issued = await SendAsync(HttpMethod.Post, "/api/directline/token", tokenRequest is null ? null : JsonContent.Create(tokenRequest), credential: string.Empty);
        issued.EnsureSuccessStatusCode();
        var token = BotJson.Deserialize<DirectLineConversation>(await issued.Content.ReadAsStringAsync());
        Token = token.Token!;
        var started = await SendAsync(HttpMethod.Post, "/v3/directline/conversations");
        var conversation = BotJson.Deserialize<DirectLineConversation>(await started.Content.ReadAsStringAsync());
        ConversationId = conversation.ConversationId;
        StreamUrl = conversation.StreamUrl;
        return started;
    }

    /// Takes over another client's conversation and token, as the same browser reaching another instance would.
    public void Adopt(DirectLineClient other)
    {
        Token = other.Token;
        ConversationId = other.ConversationId;
        StreamUrl = other.StreamUrl;
    }

    public Task<HttpResponseMessage> PostAsync(object activity)
        => SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities", JsonContent.Create(activity));

    public async Task<ActivitySet> GetActivitiesAsync(string? watermark = null)
    {
        var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities?watermark={watermark}");
        response.EnsureSuccessStatusCode();
        return BotJson.Deserialize<ActivitySet>(await response.Content.ReadAsStringAsync());
    }

    /// What the bot and agents said: the conversation's activities without the customer's own echoed ones.
    public async Task<List<Activity>> BotActivitiesAsync()
        => [.. (await GetActivitiesAsync()).Activities.Where(a => a.From?.Role != "user" && a.From?.Id != "customer")];

    /// Polls until the log holds an activity matching the predicate, as DirectLineJS polling would.
    public async Task<Activity> WaitForAsync(Func<Activity, bool> predicate)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var set = await GetActivitiesAsync();
            if (set.Activities.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The expected activity never arrived.");
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? credential = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if ((credential ?? Token) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (Origin is not null)
        {
            request.Headers.Add("Origin", Origin);
        }
        return http.SendAsync(request);
    }
}
